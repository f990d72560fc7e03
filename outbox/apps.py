from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """The transactional outbox: follow-up work (emails, letter PDFs) written as rows in the same
    transaction as the change that causes it, and delivered afterwards by a relay with retries.

    The outbox knows no app's business: each app registers the handlers for its kinds of
    message in its own ``outbox_handlers.py`` module, found here as the admin finds
    ``admin.py`` modules."""

    name = "outbox"
    verbose_name = "Outbox (emails and letters waiting to go out)"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import mail  # noqa: F401 - registers the "mail" kind

        autodiscover_modules("outbox_handlers")
