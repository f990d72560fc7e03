"""The passkey ceremony endpoints (issue 14 item 2), django-otp-webauthn's views under our
second-factor policy: included as the ``otp_webauthn`` namespace (its template tags reverse
these names) at /accounts/two-factor/passkeys/.

- Registering needs a signed-in user whose session has verified a second factor, or who has
  none yet, or who signed in by single sign-on (:func:`twofactor.views._verified_or_exempt`);
  a user's first passkey verifies their session, as a confirmed TOTP app does.
- Verifying needs a signed-in user (no passwordless login) and only their own passkeys count.

The package checks verification with ``user.is_verified()`` (django-otp's OTPMiddleware); this
project decides with :mod:`twofactor.policies` instead, so those two checks are replaced here.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp import login as otp_login
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as package
from django_otp_webauthn.utils import rewrite_exceptions

from .policies import session_is_sso, user_has_device, verified_device


def _may_register(request) -> bool:
    return (session_is_sso(request) or verified_device(request) is not None
            or not user_has_device(request.user))


class _OurPolicy:
    def _check_user_verified(self, user) -> None:
        if not _may_register(self.request):
            raise exceptions.NotVerified(detail=self.messages["user_not_verified"])


class BeginRegistration(_OurPolicy, package.BeginCredentialRegistrationView):
    pass


class CompleteRegistration(_OurPolicy, package.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        user, state, data = self.get_user(), self.get_state(), self.request.data
        with rewrite_exceptions(logger=package._get_pywebauthn_logger()):
            device = self.get_helper().register_complete(user=user, state=state, data=data)
        if verified_device(self.request) is None:
            otp_login(self.request, device)
        return JsonResponse({"id": device.pk})


class BeginAuthentication(package.BeginCredentialAuthenticationView):
    pass


class CompleteAuthentication(package.CompleteCredentialAuthenticationView):
    def complete_auth(self, device) -> None:
        if not self.request.user.is_authenticated or device.user_id != self.request.user.pk:
            raise exceptions.CredentialUserMismatch()
        otp_login(self.request, device)


app_name = "otp_webauthn"

urlpatterns = [
    path("registration/begin/", BeginRegistration.as_view(),
         name="credential-registration-begin"),
    path("registration/complete/", CompleteRegistration.as_view(),
         name="credential-registration-complete"),
    path("authentication/begin/", BeginAuthentication.as_view(),
         name="credential-authentication-begin"),
    path("authentication/complete/", CompleteAuthentication.as_view(),
         name="credential-authentication-complete"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
         name="js-i18n-catalog"),
]
