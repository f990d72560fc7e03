import logging

from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "sso"
    verbose_name = "Single sign-on"

    def ready(self) -> None:
        # pysaml2's schema library logs each schema it loads at INFO, on every start.
        logging.getLogger("xmlschema").setLevel(logging.WARNING)
        from django.contrib.auth.signals import user_logged_in

        from .services import sso_session_unbind_after_local_login

        user_logged_in.connect(sso_session_unbind_after_local_login,
                               dispatch_uid="sso_session_unbind_after_local_login")
