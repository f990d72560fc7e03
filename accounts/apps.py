from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from audit.checkpoints import checkpoint_recipients_from

        from . import lockout  # noqa: F401  (connects the audit of sign-in lockouts)
        from .selectors import institution_admin_emails

        checkpoint_recipients_from(institution_admin_emails)
