from django.apps import AppConfig


class LettersConfig(AppConfig):
    """Letters for every app. The app that owns a kind of letter declares it (label, default
    text, recipients, the facts it states) in its own ``letter_kinds.py`` module, found here as
    the admin finds ``admin.py`` modules; the letters app imports no app's code."""

    name = "letters"
    verbose_name = "Letters"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("letter_kinds")
