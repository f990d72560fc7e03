from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Disciplinary cases"

    def ready(self) -> None:
        # A role on a case conflicts with a place on its precautionary matter (precautionary
        # may not import cases, so cases tells it).
        from precautionary.conflicts import register_conflict_source
        from precautionary.services.students import register_student_source
        from precautionary.wording import register_wording_source

        from .conflicts import matter_case_conflicts
        from .procedure_text import procedure_words_say
        from .services.students import student_find_or_create

        register_conflict_source(matter_case_conflicts)
        # The student's record is cases': precautionary finds or records one through here.
        register_student_source(student_find_or_create)
        # Precautionary pages and letters say the procedure's words (cases/procedure_text.py).
        register_wording_source(procedure_words_say)
