"""The matter's letters (a PDF per issued letter) and its history, for the group's chair and
members and the appeal reviewer (need-to-know, §21-22); and the requests for a risk assessment
waiting for the group. Every download is an audited read (letters.services.render.letter_open),
as for a case's letters (cases/api/files.py)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from accounts.permissions import refuse
from core.downloads import attachment
from letters.services.render import letter_open
from web.api import ErrorSerializer, FileDownloadMixin, QueuePagination

from ..models import Matter
from ..roles import PRECAUTIONARY_GROUP
from ..selectors import CONVENER, matter_history, matter_letter_get, risk_requests_open
from ..serializers import outputs as o
from .base import TAGS, MatterAPIView, sees_reasons

FORBIDDEN = "Only the group and the appeal reviewer see the letters and the history."


class _FileReaderView(MatterAPIView):
    def get_readable_matter(self) -> Matter:
        """The matter (404 as ever), then 403 unless the caller is its chair, a member or its
        appeal reviewer; 404 when the URL also names a letter, which they may not see
        (``accounts.permissions.refuse``)."""
        matter = self.get_matter()
        if not sees_reasons(matter, self.request.user):
            refuse(FORBIDDEN, self.kwargs, seen=("matter_id",))
        return matter


class LetterDownloadView(FileDownloadMixin, _FileReaderView):
    @extend_schema(operation_id="precautionary_letter_download", tags=TAGS, responses={
        (200, "application/pdf"): OpenApiResponse(
            OpenApiTypes.BINARY, description="The issued letter (audited)."),
        403: ErrorSerializer,
        404: OpenApiResponse(ErrorSerializer, description="No such letter, or not issued yet.")})
    def get(self, request, institution_slug: str, matter_id: int, letter_id: int):
        matter = self.get_readable_matter()
        letter = matter_letter_get(matter, letter_id)
        pdf = letter_open(letter=letter, actor=request.user)
        if pdf is None:
            raise exceptions.NotFound("This letter has not been issued yet.")
        name = f"{matter.reference}-{letter.kind}-{letter.recipient_key}-v{letter.version}.pdf"
        return attachment(pdf, "application/pdf", name)


class HistoryView(_FileReaderView):
    @extend_schema(operation_id="precautionary_history", tags=TAGS,
                   summary="The matter's history: its audit events, oldest first",
                   description="For the group's chair and members and the appeal reviewer.",
                   responses={200: o.MatterHistoryEventSerializer(many=True),
                              403: ErrorSerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, matter_id: int):
        matter = self.get_readable_matter()
        return Response(o.MatterHistoryEventSerializer(matter_history(matter), many=True).data)


class RiskRequestListView(MatterAPIView):
    """The requests no matter has taken up yet, longest waiting first."""

    required_roles = (CONVENER, PRECAUTIONARY_GROUP)

    @extend_schema(operation_id="precautionary_risk_requests", tags=TAGS,
                   summary="Requests for a risk assessment waiting for the group",
                   description="For the convener and the members of the group, who may open "
                   "a matter from one (POST the queue with ``request_id``). 25 a page.",
                   parameters=[OpenApiParameter("page", OpenApiTypes.INT,
                                                description="Page number.")],
                   responses={200: o.RiskRequestPageSerializer, 403: ErrorSerializer,
                              404: ErrorSerializer})
    def get(self, request, institution_slug: str):
        paginator = QueuePagination()
        page = paginator.paginate_queryset(risk_requests_open(self.institution), request,
                                           view=self)
        return paginator.get_paginated_response(o.RiskRequestSerializer(page, many=True).data)


__all__ = ["HistoryView", "LetterDownloadView", "RiskRequestListView"]
