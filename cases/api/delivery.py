"""How a case's letters reach people: agreed contact preferences (004), a fresh secure link to
a letter, and recording the handover of a letter sent through the caseworker."""

from __future__ import annotations

import inspect

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.response import Response

from letters.models import LetterHandover
from letters.services import letter_handover_record, letter_link_resend
from web.api import ErrorSerializer

from ..models import ContactPreference, Party
from ..serializers.contact import (
    ContactPreferenceInputSerializer,
    ContactPreferenceSerializer,
    LetterHandoverInputSerializer,
    LetterLinkResendInputSerializer,
)
from ..serializers.files import LetterDeliverySerializer
from ..services.contact import contact_preference_set
from .base import ERRORS, TAGS, CaseActionView, CaseAPIView
from .files import _letter


@extend_schema_view(
    get=extend_schema(operation_id="cases_contact_preferences_list", tags=TAGS,
                      summary="How each person on the case agreed to receive letters",
                      responses={200: ContactPreferenceSerializer(many=True),
                                 404: ErrorSerializer}),
    post=extend_schema(operation_id="cases_contact_preference_set", tags=TAGS,
                       summary="Record how a person agreed to receive letters",
                       description=inspect.getdoc(contact_preference_set),
                       request=ContactPreferenceInputSerializer,
                       responses={201: ContactPreferenceSerializer, **ERRORS}))
class ContactPreferencesView(CaseAPIView):
    access_what = "contact preferences"

    def get(self, request, institution_slug: str, case_id: int):
        case = self.get_case()
        rows = ContactPreference.objects.for_institution(self.institution).filter(
            case=case).select_related("agreed_by")
        return Response(ContactPreferenceSerializer(rows, many=True).data)

    def post(self, request, institution_slug: str, case_id: int):
        case = self.get_case()
        body = ContactPreferenceInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        party = None
        if data.get("party") is not None:
            party = Party.objects.for_institution(self.institution).filter(
                case=case, pk=data["party"]).first()
            if party is None:
                raise exceptions.ValidationError({"party": ["Choose a person on this case."]})
        pref = contact_preference_set(case=case, actor=request.user, party=party,
                                      method=data["method"], email=data.get("email", ""),
                                      agreed_on=data.get("agreed_on"))
        return Response(ContactPreferenceSerializer(pref).data, status=status.HTTP_201_CREATED)


@extend_schema_view(post=extend_schema(
    operation_id="cases_letter_resend_link", tags=TAGS, request=LetterLinkResendInputSerializer,
    summary="Email a fresh secure link to an issued letter (the old link stops working)",
    description=inspect.getdoc(letter_link_resend),
    responses={201: LetterDeliverySerializer, **ERRORS}))
class LetterResendLinkView(CaseActionView):
    body = LetterLinkResendInputSerializer
    result_key, result_serializer, created = "delivery", LetterDeliverySerializer, True

    def get_target(self, case):
        return _letter(case, self.kwargs["letter_id"])

    def perform(self, case, actor, data):
        return letter_link_resend(letter=self.target, actor=actor, to=data.get("to", ""))


@extend_schema_view(post=extend_schema(
    operation_id="cases_letter_handover", tags=TAGS, request=LetterHandoverInputSerializer,
    summary="Record that a letter sent through the caseworker was handed over",
    description=inspect.getdoc(letter_handover_record),
    responses={201: LetterDeliverySerializer, **ERRORS}))
class LetterHandoverView(CaseActionView):
    body = LetterHandoverInputSerializer
    result_key, result_serializer, created = "delivery", LetterDeliverySerializer, True

    def get_target(self, case):
        letter = _letter(case, self.kwargs["letter_id"])
        handover = LetterHandover.objects.for_institution(self.institution).filter(
            letter=letter).first()
        if handover is None:
            raise exceptions.NotFound("This letter is not waiting for a handover.")
        return handover

    def perform(self, case, actor, data):
        return letter_handover_record(handover=self.target, actor=actor, **data)
