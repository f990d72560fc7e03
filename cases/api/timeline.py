"""GET cases/<id>/timeline/: the case page's Timeline (events, letters and deadlines on one
list, newest first, bounded), read from the case file."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from web.api import ErrorSerializer

from ..casefile import case_file
from ..views.history import case_timeline
from .base import TAGS, CaseAPIView


class CaseTimelineDetailSerializer(serializers.Serializer):
    name = serializers.CharField()
    value = serializers.CharField()


class CaseTimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField(help_text="When (a date only: the start of that day).")
    timed = serializers.BooleanField(help_text="False: only the day is known.")
    kind = serializers.ChoiceField(choices=["event", "letter", "deadline"])
    kind_label = serializers.CharField()
    what = serializers.CharField()
    who = serializers.CharField(help_text="Who acted, the letter's recipient or the "
                                          "deadline's status.")
    details = CaseTimelineDetailSerializer(many=True)


class CaseTimelineSerializer(serializers.Serializer):
    entries = CaseTimelineEntrySerializer(many=True)
    total = serializers.IntegerField()
    more = serializers.IntegerField(help_text="Entries left out (the oldest).")


class CaseTimelineView(CaseAPIView):
    @extend_schema(operation_id="cases_timeline", tags=TAGS,
                   summary="Events, letters and deadlines, newest first",
                   responses={200: CaseTimelineSerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, case_id: int):
        case = self.get_case()
        file = case_file(case=case, membership=self.membership, with_previous=False)
        timeline = case_timeline(case, events=file.history, letters=file.letters,
                                 deadlines=file.deadlines)
        for entry in timeline["entries"]:
            entry["details"] = [{"name": k, "value": v} for k, v in entry["details"]]
        return Response(CaseTimelineSerializer(timeline).data)
