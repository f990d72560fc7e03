from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance registers"

    def ready(self) -> None:
        from accounts.roles import register_roles
        from institutions.procedure import register_rules

        from .procedure import RULES
        from .roles import ROLES

        register_rules(self.label, RULES)
        register_roles(self.label, ROLES)
