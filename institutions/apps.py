from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "institutions"
    verbose_name = "Institutions"

    def ready(self) -> None:
        from core.tenancy import checks  # noqa: F401
