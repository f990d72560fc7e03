"""The EDI office's API for the scheme: commitments (who is behind this term), sessions and
their attendance, equality monitoring in aggregate, and the counts of the contact logs."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import Role
from institutions.models import AcademicTerm
from web.api import ErrorSerializer, InstitutionScopedMixin, QueuePagination

from .. import serializers as s
from ..commitments import commitments_overview, sessions_list
from ..equality import equality_summary
from ..log_selectors import log_summary
from ..models import Attendance, Session
from ..services.commitments import attendance_set, session_record
from .records import ERRORS, TAGS


class EDIView(InstitutionScopedMixin, APIView):
    required_roles = (Role.EDI_ADMIN,)


class CommitmentsView(EDIView):
    @extend_schema(operation_id="safecontacts_commitments", tags=TAGS,
                   summary="Who is behind on their commitments this term",
                   responses={200: s.CommitmentsSerializer, 403: ErrorSerializer})
    def get(self, request, institution_slug: str):
        o = commitments_overview(institution=self.institution, today=timezone.localdate())
        return Response({
            "term": {"id": o.term.pk, "name": o.term.name, "start": o.term.start,
                     "end": o.term.end} if o.term else None,
            "meeting_held": o.meeting_held, "supervision_held": o.supervision_held,
            "safe_contacts": [{"id": r.record.pk, "name": r.record.full_name,
                               "meeting_attended": r.meeting_attended,
                               "supervision_attended": r.supervision_attended,
                               "last_further_training": r.last_further_training,
                               "behind": r.behind} for r in o.rows]})


def _with_attendance(sessions, institution):
    return sessions.prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.for_institution(institution)))


class SessionListView(EDIView):
    @extend_schema(operation_id="safecontacts_sessions", tags=TAGS,
                   responses={200: s.SessionPageSerializer, 403: ErrorSerializer})
    def get(self, request, institution_slug: str):
        paginator = QueuePagination()
        page = paginator.paginate_queryset(_with_attendance(sessions_list(self.institution),
                                                            self.institution),
                                           request, view=self)
        return paginator.get_paginated_response(s.SessionOutSerializer(page, many=True).data)

    @extend_schema(operation_id="safecontacts_session_record", tags=TAGS,
                   request=s.SessionSerializer, responses={201: s.SessionOutSerializer,
                                                           **ERRORS})
    def post(self, request, institution_slug: str):
        body = s.SessionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        term = AcademicTerm.objects.for_institution(self.institution).filter(
            pk=d["term_id"]).first()
        if term is None:
            raise exceptions.ValidationError({"term_id": ["Choose one of the institution's "
                                                          "terms."]})
        session = session_record(institution=self.institution, actor=request.user,
                                 kind=d["kind"], term=term, held_on=d["held_on"],
                                 attendee_ids=d["attendees"])
        return Response(s.SessionOutSerializer(session).data, status=status.HTTP_201_CREATED)


class AttendanceView(EDIView):
    @extend_schema(operation_id="safecontacts_attendance", tags=TAGS,
                   request=s.AttendanceSerializer,
                   responses={200: s.SessionOutSerializer, **ERRORS})
    def post(self, request, institution_slug: str, session_id: int):
        session = Session.objects.for_institution(self.institution).filter(
            pk=session_id).first()
        if session is None:
            raise exceptions.NotFound()
        body = s.AttendanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        session = attendance_set(session=session, actor=request.user,
                                 attendee_ids=body.validated_data["attendees"])
        return Response(s.SessionOutSerializer(session).data)


class EqualityView(EDIView):
    @extend_schema(operation_id="safecontacts_equality", tags=TAGS,
                   summary="Equality monitoring of applicants, in aggregate",
                   description="Counts per question; a count under 5 is 'fewer than 5' "
                   "(null in `count`).",
                   parameters=[OpenApiParameter("year", int, required=False)],
                   responses={200: s.EqualitySummarySerializer, 403: ErrorSerializer})
    def get(self, request, institution_slug: str):
        raw = request.query_params.get("year", "")
        year = int(raw) if raw.isdigit() and len(raw) == 4 else None
        return Response({"year": year, "questions": [
            {"key": q.key, "question": q.question, "total": q.total,
             "answers": [{"answer": c.label, "count": c.count, "shown": c.shown}
                         for c in q.cells]}
            for q in equality_summary(institution=self.institution, year=year)]})


def _date(raw: str, name: str) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise exceptions.ValidationError({name: ["Enter a date as YYYY-MM-DD."]}) from None


class LogSummaryView(EDIView):
    @extend_schema(operation_id="safecontacts_contact_log_summary", tags=TAGS,
                   summary="Counts of every Safe Contact's contact log (never an entry)",
                   parameters=[OpenApiParameter("since", str, required=False),
                               OpenApiParameter("until", str, required=False)],
                   responses={200: s.LogSummarySerializer, 400: ErrorSerializer,
                              403: ErrorSerializer})
    def get(self, request, institution_slug: str):
        q = request.query_params
        summary = log_summary(institution=self.institution,
                              since=_date(q.get("since", ""), "since"),
                              until=_date(q.get("until", ""), "until"))
        pairs = lambda rows: [{"label": label, "count": n} for label, n in rows]  # noqa: E731
        return Response({
            "total": summary.total,
            "by_month": [{"month": m.strftime("%Y-%m"), "count": n}
                         for m, n in summary.by_month],
            "by_concern": pairs(summary.by_concern),
            "by_person_kind": pairs(summary.by_person_kind),
            "by_signpost": pairs(summary.by_signpost),
            "hmg_referred": summary.hmg_referred, "handed_over": summary.handed_over,
            "confidentiality_broken": summary.confidentiality_broken,
            "by_advisor": pairs(summary.by_advisor)})
