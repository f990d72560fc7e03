"""The student's side of the survivor opt-out (004), public, no account: the holder of a
personal link. Under /api/v1/<institution_slug>/training/public/opt-out/:

* ``<token>/``: what the page shows (GET), ``<token>/confirm/`` opts out (POST) and answers
  the support ticket once; ``support/``: ask to be contacted with it.
  A link that does not exist is 404, a used or expired one 410.
"""

from __future__ import annotations

import inspect

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from web.api import ErrorSerializer

from .services import optout as services
from .views_optout import REASON

PUBLIC = ["training-public"]

class Gone(exceptions.APIException):
    status_code = status.HTTP_410_GONE
    default_code = "gone"
    default_detail = "This link can no longer be used."


def refused(exc):
    if isinstance(exc, services.LinkNotFound):
        return exceptions.NotFound(str(exc))
    if isinstance(exc, services.LinkUsed | services.LinkExpired):
        return Gone(str(exc))
    return exc


class OptOutPageSerializer(serializers.Serializer):
    module = serializers.CharField(help_text="The module's title.")
    purpose = serializers.CharField(help_text="What the training is for.")
    confirms = serializers.CharField(help_text="What opting out confirms (004). Never stored.")
    deadline = serializers.DateField(allow_null=True)
    expires_on = serializers.DateField()


class ConfirmSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(help_text="True: the student confirms the reason.")


class OptedOutSerializer(serializers.Serializer):
    met_by_exemption = serializers.BooleanField()
    support_ticket = serializers.CharField(help_text=(
        "Send it to support/ within two hours to ask to be contacted; it works once."))


class SupportRequestSerializer(serializers.Serializer):
    """What the form sends; a field left out is blank, as on the page (the service says what
    is missing), never a 500."""

    ticket = serializers.CharField(max_length=500)
    contact_name = serializers.CharField(max_length=200, allow_blank=True, default="")
    preferred_contact = serializers.CharField(max_length=20, allow_blank=True, default="",
                                              help_text="email or phone.")
    contact_email = serializers.CharField(max_length=200, allow_blank=True, default="")
    contact_phone = serializers.CharField(max_length=60, allow_blank=True, default="")
    message = serializers.CharField(max_length=4000, allow_blank=True, default="")


class SupportSentSerializer(serializers.Serializer):
    receipt = serializers.CharField(allow_null=True, help_text="For the follow-up page; "
                                    "shown once.")
    first_contact_due = serializers.DateField(allow_null=True)


PURPOSE = ("Understanding consent and being an active bystander; the institution's stance "
           "on sexual misconduct; the support available.")


class PublicOptOutView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def handle_exception(self, exc):
        return super().handle_exception(refused(exc))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response


PUBLIC_ERRORS = {400: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer,
                 410: ErrorSerializer}


class OptOutLinkView(PublicOptOutView):
    @extend_schema(operation_id="training_opt_out_page", tags=PUBLIC,
                   summary="What the private opt-out page shows for a personal link",
                   responses={200: OptOutPageSerializer, **PUBLIC_ERRORS})
    def get(self, request, institution_slug: str, token: str):
        link = services.optout_link_open(institution=request.institution, token=token)
        return Response({"module": link.module.title,
                         "purpose": link.module.description or PURPOSE,
                         "confirms": f"By opting out you confirm that {REASON}",
                         "deadline": link.campaign.deadline if link.campaign else None,
                         "expires_on": link.expires_on})


class OptOutConfirmView(PublicOptOutView):
    @extend_schema(operation_id="training_opt_out_confirm", tags=PUBLIC,
                   summary="Opt out: the module is met by exemption; the link is used up",
                   request=ConfirmSerializer,
                   responses={201: OptedOutSerializer, **PUBLIC_ERRORS})
    def post(self, request, institution_slug: str, token: str):
        body = ConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = services.optout_confirm(institution=request.institution, token=token,
                                       confirmed=body.validated_data["confirm"])
        return Response({"met_by_exemption": True, "support_ticket": done.ticket},
                        status=status.HTTP_201_CREATED)


class OptOutSupportView(PublicOptOutView):
    @extend_schema(operation_id="training_opt_out_support", tags=PUBLIC,
                   summary="Ask to be contacted by the support team (a named disclosure)",
                   description=inspect.getdoc(services.optout_support_request),
                   request=SupportRequestSerializer,
                   responses={201: SupportSentSerializer, **PUBLIC_ERRORS})
    def post(self, request, institution_slug: str):
        body = SupportRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        try:
            referral = services.optout_support_request(institution=request.institution,
                                                       **data)
        except services.TicketRefused as exc:
            raise Gone(str(exc)) from None
        return Response({"receipt": referral.receipt,
                         "first_contact_due": referral.first_contact_due},
                        status=status.HTTP_201_CREATED)


#: Included by config/api_urls.py under training/.
urlpatterns = [
    path("public/opt-out/support/", OptOutSupportView.as_view(),
         name="api-training-opt-out-support"),
    path("public/opt-out/<str:token>/", OptOutLinkView.as_view(),
         name="api-training-opt-out-page"),
    path("public/opt-out/<str:token>/confirm/", OptOutConfirmView.as_view(),
         name="api-training-opt-out-confirm"),
]
