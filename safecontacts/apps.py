from django.apps import AppConfig


class SafeContactsConfig(AppConfig):
    name = "safecontacts"
    verbose_name = "Safe Contacts"

    def ready(self) -> None:
        from institutions.procedure import register_rules

        from .procedure import RULES

        # The roles (safe_contact, edi_admin) are accounts' (accounts/roles.py Role).
        register_rules(self.label, RULES)
