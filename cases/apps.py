from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Disciplinary cases"

    def ready(self) -> None:
        # A role on a case conflicts with a place on its precautionary matter (precautionary
        # may not import cases, so cases tells it).
        from precautionary.conflicts import register_conflict_source

        from .conflicts import matter_case_conflicts

        register_conflict_source(matter_case_conflicts)
