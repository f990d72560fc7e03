from django.apps import AppConfig


class PrecautionaryConfig(AppConfig):
    name = "precautionary"
    verbose_name = "Precautionary measures"

    def ready(self) -> None:
        from accounts.roles import register_roles
        from institutions.procedure import register_rules

        from .procedure import RULES
        from .roles import ROLES

        register_rules(self.label, RULES)
        register_roles(self.label, ROLES)
