from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from web.api import ErrorSerializer, InstitutionScopedMixin

from .workspace import my_work


class RoleSerializer(serializers.Serializer):
    role = serializers.CharField()
    label = serializers.CharField()


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    institution = serializers.CharField()
    roles = RoleSerializer(many=True)


class MeView(InstitutionScopedMixin, APIView):
    """Who you are in this institution, with its names for your roles."""

    @extend_schema(operation_id="me", responses={200: MeSerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str):
        inst = self.institution
        roles = sorted(self.membership.role_set)
        return Response(MeSerializer({
            "email": request.user.email,
            "full_name": request.user.full_name,
            "institution": inst.slug,
            "roles": [{"role": r, "label": inst.role_label(r)} for r in roles],
        }).data)


class WorkItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["case", "informal_review", "report", "matter"])
    kind_label = serializers.CharField()
    id = serializers.IntegerField()
    reference = serializers.CharField()
    url = serializers.CharField(help_text="The item's staff page.")
    what = serializers.CharField(help_text="What is due: the next deadline's purpose.")
    stage = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    paused = serializers.BooleanField()
    mine = serializers.BooleanField(help_text="Assigned to you.")


class MyWorkBucketsSerializer(serializers.Serializer):
    overdue = WorkItemSerializer(many=True)
    due_today = WorkItemSerializer(many=True)
    due_soon = WorkItemSerializer(many=True, help_text="Due within 2 working days.")
    waiting = WorkItemSerializer(many=True, help_text="Assigned to you, nothing due soon.")


class MyWorkCappedSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    see_all = serializers.CharField(help_text="The queue with the rest.")


class MyWorkSerializer(serializers.Serializer):
    today = serializers.DateField()
    soon_until = serializers.DateField(help_text="The end of the 2 working days.")
    buckets = MyWorkBucketsSerializer()
    capped = MyWorkCappedSerializer(many=True, help_text=(
        "The kinds with more items than listed (at most 25 of each are read)."))


class MyWorkView(InstitutionScopedMixin, APIView):
    """Your work today across cases, reports and precautionary matters: overdue, due today,
    due within 2 working days, and waiting on you; only what you may see."""

    @extend_schema(operation_id="my_work", responses={200: MyWorkSerializer,
                                                      404: ErrorSerializer})
    def get(self, request, institution_slug: str):
        self.membership.institution = self.institution
        work = my_work(membership=self.membership)
        return Response(MyWorkSerializer({
            "today": work.today, "soon_until": work.soon, "buckets": work.buckets,
            "capped": work.capped}).data)
