"""Evidence and letters: the files of a case, and correcting a letter."""

from __future__ import annotations

import inspect

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.downloads import attachment
from letters.services.deliveries import letter_delivery_record
from web.api import ErrorSerializer, FileDownloadMixin

from .. import serializers as s
from ..models import Case, EvidenceDocument, Letter
from ..services import evidence, letters
from .base import (
    ERRORS,
    TAGS,
    CaseActionView,
    CaseAPIView,
)


@extend_schema_view(post=extend_schema(
    operation_id="cases_letter_correct", tags=TAGS, request=s.CaseReasonSerializer,
    description=inspect.getdoc(letters.letter_correct),
    summary="Issue a corrected version of a letter (the original stays as it was)",
    responses={201: s.CaseLettersResponseSerializer, **ERRORS}))
class LetterCorrectView(CaseActionView):
    body = s.CaseReasonSerializer
    result_key, result_serializer, created = "letters", s.CaseLetterSerializer, True

    def get_target(self, case):
        return _letter(case, self.kwargs["letter_id"])

    def perform(self, case, actor, data):
        return letters.letter_correct(letter=self.target, actor=actor, **data)


# -- evidence and letters (files) --------------------------------------------------------------
@extend_schema_view(post=extend_schema(
    operation_id="cases_letter_delivery", tags=TAGS, request=s.LetterDeliveryInputSerializer,
    description=inspect.getdoc(letter_delivery_record),
    summary="Record that an issued letter was sent (§51, §66)",
    responses={201: s.LetterDeliveryResponseSerializer, **ERRORS}))
class LetterDeliveryView(CaseActionView):
    transition = "letter_delivery"
    body = s.LetterDeliveryInputSerializer
    result_key, result_serializer, created = "delivery", s.LetterDeliverySerializer, True

    def get_target(self, case):
        return _letter(case, self.kwargs["letter_id"])

    def perform(self, case, actor, data):
        return letter_delivery_record(letter=self.target, actor=actor, **data)


class DownloadView(FileDownloadMixin, CaseAPIView):
    """A file of the case, decrypted, as an attachment; every download is audited."""


class EvidenceView(CaseAPIView):
    """The documents on the case file, and adding one. The type is decided by the file's
    content, not its name (PDF, images, Word/Excel/PowerPoint/OpenDocument, plain
    text, MP3/MP4), scanned for viruses where ClamAV is configured (core/uploads.py)."""

    transition = "evidence"
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(operation_id="cases_evidence_list", tags=TAGS,
                   responses={200: s.CaseEvidenceSerializer(many=True), 404: ErrorSerializer})
    def get(self, request, institution_slug: str, case_id: int):
        case = self.get_case()
        documents = case.documents.select_related("uploaded_by", "case__institution")
        return Response(s.CaseEvidenceSerializer(documents, many=True).data)

    @extend_schema(operation_id="cases_evidence_add", tags=TAGS,
                   request={"multipart/form-data": s.CaseEvidenceUploadSerializer},
                   responses={201: s.CaseEvidenceSerializer, **ERRORS})
    def post(self, request, institution_slug: str, case_id: int):
        case = self.get_case()
        body = s.CaseEvidenceUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        document = evidence.evidence_add(case=case, actor=request.user,
                                         title=body.validated_data["title"],
                                         uploaded_file=body.validated_data["file"])
        return Response(s.CaseEvidenceSerializer(document).data, status=status.HTTP_201_CREATED)


class EvidenceDownloadView(DownloadView):
    @extend_schema(operation_id="cases_evidence_download", tags=TAGS, responses={
        (200, "application/octet-stream"): OpenApiResponse(
            OpenApiTypes.BINARY, description="The file as uploaded (audited)."),
        404: ErrorSerializer})
    def get(self, request, institution_slug: str, case_id: int, doc_id: int):
        case = self.get_case()
        document = EvidenceDocument.objects.for_institution(self.institution).filter(
            case=case, pk=doc_id).select_related("case__institution").first()
        if document is None:
            raise exceptions.NotFound()
        data = evidence.evidence_open(document=document, actor=request.user)
        return attachment(data, document.content_type, document.original_name)


class LetterListView(CaseAPIView):
    """Every letter of the case and each version of it (a correction is a new version)."""

    @extend_schema(operation_id="cases_letters_list", tags=TAGS,
                   responses={200: s.CaseLetterSerializer(many=True), 404: ErrorSerializer})
    def get(self, request, institution_slug: str, case_id: int):
        case = self.get_case()
        return Response(s.CaseLetterSerializer(case.letters.all(), many=True).data)


def _letter(case: Case, letter_id) -> Letter:
    letter = Letter.objects.for_institution(case.institution_id).filter(
        case=case, pk=letter_id).select_related("case__institution").first()
    if letter is None:
        raise exceptions.NotFound()
    return letter


class LetterDownloadView(DownloadView):
    @extend_schema(operation_id="cases_letter_download", tags=TAGS, responses={
        (200, "application/pdf"): OpenApiResponse(
            OpenApiTypes.BINARY, description="The issued letter (audited)."),
        404: OpenApiResponse(ErrorSerializer, description="No such letter, or not issued yet.")})
    def get(self, request, institution_slug: str, case_id: int, letter_id: int):
        case = self.get_case()
        letter = _letter(case, letter_id)
        pdf = letters.letter_open(letter=letter, actor=request.user)
        if pdf is None:
            raise exceptions.NotFound("This letter has not been issued yet.")
        name = f"{case.reference}-{letter.kind}-{letter.recipient_key}-v{letter.version}.pdf"
        return attachment(pdf, "application/pdf", name)
