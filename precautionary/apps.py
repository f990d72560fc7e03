from django.apps import AppConfig


class PrecautionaryConfig(AppConfig):
    name = "precautionary"
    verbose_name = "Precautionary measures"

    def ready(self) -> None:
        from institutions.procedure import register_rules

        from .procedure import RULES

        register_rules(self.label, RULES)
