import logging

from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "sso"
    verbose_name = "Single sign-on"

    def ready(self) -> None:
        # pysaml2's schema library logs each schema it loads at INFO, on every start.
        logging.getLogger("xmlschema").setLevel(logging.WARNING)
