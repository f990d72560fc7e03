from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = "Retention schedule"

    def ready(self) -> None:
        from accounts.roles import register_roles
        from core.crypto import set_record_key_resolver

        from .keys import resolve_record_key
        from .roles import ROLES

        register_roles(self.label, ROLES)
        set_record_key_resolver(resolve_record_key)
