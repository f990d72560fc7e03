"""The training compliance API (and the issuing of opt-out links), under
/api/v1/<institution_slug>/training/.

Staff (training administrators and institution admins; anyone else 403, another institution
404), the same numbers, lists and files as the pages:

* ``compliance/?on=``: every module with its progress on a day; ``compliance/campaigns/``:
  the campaigns, each by its deadline (paginated);
* ``compliance/modules/<id>/`` and ``compliance/campaigns/<id>/``: one scope, by department
  and by cohort; ``.../outstanding/`` who has not met it and ``.../learners/`` everyone with
  their status (paginated); ``.../export/<outstanding|status>.<csv|xlsx>`` the files;
* ``opt-out-links/``: issue personal opt-out links (004) by email, or have them answered once.

An opt-out is shown as ``met_by_exemption`` / "Met by exemption" and nothing more. The
student's own endpoints are in training/api_optout.py.
"""

from __future__ import annotations

import inspect

from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exports import XLSX_TYPE
from web.api import ErrorSerializer, FileDownloadMixin, InstitutionScopedMixin, QueuePagination

from .compliance import (
    ADMIN_ROLES,
    Filters,
    Scope,
    campaign_get,
    campaigns_of,
    campaigns_progress,
    learner_statuses,
    module_get,
    modules_progress,
    outstanding,
    scope_progress,
    scope_progress_by,
    status_key,
)
from .models import Module
from .services import optout as services
from .views_compliance import NONE, export_response
from .views_optout import base_url

STAFF = ["training"]
PUBLIC = ["training-public"]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


# -- serializers --------------------------------------------------------------------------------
class ProgressSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    completed = serializers.IntegerField()
    exempt = serializers.IntegerField(help_text="Met by exemption (004): nothing more is said.")
    outstanding = serializers.IntegerField()
    met_percent = serializers.FloatField()


class ModuleBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    title = serializers.CharField()
    audience = serializers.ChoiceField(choices=Module.Audience.choices)
    audience_role = serializers.CharField()
    mandatory = serializers.BooleanField()
    allows_opt_out = serializers.BooleanField()


class CampaignBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    module = ModuleBriefSerializer()
    opens_on = serializers.DateField()
    deadline = serializers.DateField()
    cohort = serializers.CharField()


class ModuleProgressSerializer(serializers.Serializer):
    module = ModuleBriefSerializer()
    progress = ProgressSerializer()


class CampaignProgressSerializer(serializers.Serializer):
    campaign = CampaignBriefSerializer()
    progress = ProgressSerializer()


class OverviewSerializer(serializers.Serializer):
    on = serializers.DateField()
    modules = ModuleProgressSerializer(many=True)


class CampaignPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = CampaignProgressSerializer(many=True)


class BreakdownRowSerializer(serializers.Serializer):
    value = serializers.CharField(help_text=f"Empty when none is recorded (filter: {NONE}).")
    progress = ProgressSerializer()


class ScopeSerializer(serializers.Serializer):
    module = ModuleBriefSerializer()
    campaign = CampaignBriefSerializer(allow_null=True)
    on = serializers.DateField(help_text="A completion counts if in force on this day (a "
                               "campaign's deadline).")
    progress = ProgressSerializer()
    by_department = BreakdownRowSerializer(many=True)
    by_cohort = BreakdownRowSerializer(many=True)


class LearnerBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    email = serializers.EmailField()
    external_id = serializers.CharField()
    kind = serializers.CharField()
    department = serializers.CharField()
    cohort = serializers.CharField()
    year_of_study = serializers.IntegerField(allow_null=True)


class LearnerStatusSerializer(LearnerBriefSerializer):
    status = serializers.SerializerMethodField()
    completed_on = serializers.DateField(allow_null=True, help_text=(
        "The latest ordinary completion that counts; empty when met by exemption."))

    @extend_schema_field(serializers.ChoiceField(
        choices=["completed", "met_by_exemption", "outstanding"]))
    def get_status(self, learner) -> str:
        return status_key(learner)


def page_of(item):
    return type(f"{item.__name__.removesuffix('Serializer')}PageSerializer",
                (serializers.Serializer,), {
                    "count": serializers.IntegerField(),
                    "next": serializers.CharField(allow_null=True),
                    "previous": serializers.CharField(allow_null=True),
                    "results": item(many=True)})


LearnerPageSerializer = page_of(LearnerBriefSerializer)
LearnerStatusPageSerializer = page_of(LearnerStatusSerializer)


class DayQuerySerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="The day a completion must be in force "
                               "on. Default: today. (A campaign counts by its deadline.)")


class FilterQuerySerializer(DayQuerySerializer):
    department = serializers.CharField(required=False, max_length=150,
                                       help_text=f"{NONE} for none recorded.")
    cohort = serializers.CharField(required=False, max_length=40,
                                   help_text=f"{NONE} for none recorded.")

    def filters(self) -> Filters:
        def value(name):
            raw = (self.validated_data.get(name) or "").strip()
            return None if not raw else ("" if raw == NONE else raw)

        return Filters(department=value("department"), cohort=value("cohort"))


class IssueSerializer(serializers.Serializer):
    module = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    campaign = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False,
                                        allow_null=True)
    delivery = serializers.ChoiceField(choices=list(services.DELIVERIES), help_text=(
        "email: each student is emailed their link; links: the links are answered, once."))


class IssuedLinkSerializer(serializers.Serializer):
    email = serializers.EmailField()
    external_id = serializers.CharField()
    url = serializers.CharField()


class IssuedSerializer(serializers.Serializer):
    issued = serializers.IntegerField()
    expires_on = serializers.DateField(allow_null=True)
    links = IssuedLinkSerializer(many=True, help_text="Only with delivery 'links'. Shown once: "
                                 "only a fingerprint of each link is kept.")


def module_data(module) -> dict:
    return {"id": module.pk, "key": module.key, "title": module.title,
            "audience": module.audience, "audience_role": module.audience_role,
            "mandatory": module.mandatory, "allows_opt_out": module.allows_opt_out}


def campaign_data(campaign) -> dict:
    return {"id": campaign.pk, "name": campaign.name, "module": module_data(campaign.module),
            "opens_on": campaign.opens_on, "deadline": campaign.deadline,
            "cohort": campaign.cohort}


# -- staff ---------------------------------------------------------------------------------------
class ComplianceAPIView(InstitutionScopedMixin, APIView):
    required_roles = ADMIN_ROLES

    def query(self, serializer=FilterQuerySerializer):
        params = serializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return params

    def scope(self, kwargs, params) -> Scope:
        if "campaign_id" in kwargs:
            return Scope.of_campaign(campaign_get(institution=self.institution,
                                                  campaign_id=kwargs["campaign_id"]))
        module = module_get(institution=self.institution, module_id=kwargs["module_id"])
        return Scope.of_module(module, params.validated_data.get("on")
                               or timezone.localdate())


class OverviewView(ComplianceAPIView):
    @extend_schema(operation_id="training_compliance_modules", tags=STAFF,
                   summary="Every active module with its progress on a day",
                   parameters=[DayQuerySerializer],
                   responses={200: OverviewSerializer, **ERRORS})
    def get(self, request, institution_slug: str):
        on = self.query(DayQuerySerializer).validated_data.get("on") or timezone.localdate()
        rows = modules_progress(institution=self.institution, on=on)
        return Response({"on": on, "modules": [
            {"module": module_data(m), "progress": p.as_dict()} for m, p in rows]})


class CampaignListView(ComplianceAPIView):
    @extend_schema(operation_id="training_compliance_campaigns", tags=STAFF,
                   summary="The campaigns, newest first, each counted by its deadline",
                   parameters=[OpenApiParameter("page", OpenApiTypes.INT)],
                   responses={200: CampaignPageSerializer, **ERRORS})
    def get(self, request, institution_slug: str):
        paginator = QueuePagination()
        page = paginator.paginate_queryset(campaigns_of(institution=self.institution),
                                           request, view=self)
        rows = campaigns_progress(institution=self.institution, campaigns=list(page))
        return paginator.get_paginated_response([
            {"campaign": campaign_data(c), "progress": p.as_dict()} for c, p in rows])


class ScopeView(ComplianceAPIView):
    """How many have met it (completed, or met by exemption) and how many are outstanding,
    in all and by department and cohort. A module counts on ``on`` (default today), a campaign
    by its deadline."""

    operation = "training_compliance_scope"

    @extend_schema(tags=STAFF,
                   summary="One module (on a day) or campaign: progress, by department and "
                   "by cohort", parameters=[FilterQuerySerializer],
                   responses={200: ScopeSerializer, **ERRORS})
    def get(self, request, institution_slug: str, **kwargs):
        params = self.query()
        scope = self.scope(kwargs, params)
        filters = params.filters()

        def rows(breakdown):
            return [{"value": value, "progress": p.as_dict()}
                    for value, p in scope_progress_by(scope, breakdown, filters)]

        return Response({
            "module": module_data(scope.module),
            "campaign": campaign_data(scope.campaign) if scope.campaign else None,
            "on": scope.on, "progress": scope_progress(scope, filters).as_dict(),
            "by_department": rows("department"), "by_cohort": rows("cohort")})


class OutstandingView(ComplianceAPIView):
    """The people of the module's (or campaign's) audience who have not met it."""

    operation = "training_compliance_outstanding"

    @extend_schema(tags=STAFF,
                   summary="Who has not met the module or campaign, by name (50 a page)",
                   parameters=[FilterQuerySerializer, OpenApiParameter("page", OpenApiTypes.INT)],
                   responses={200: LearnerPageSerializer, **ERRORS})
    def get(self, request, institution_slug: str, **kwargs):
        params = self.query()
        paginator = QueuePagination()
        paginator.page_size = 50
        page = paginator.paginate_queryset(outstanding(self.scope(kwargs, params),
                                                       params.filters()), request, view=self)
        return paginator.get_paginated_response(LearnerBriefSerializer(page, many=True).data)


class LearnerStatusView(ComplianceAPIView):
    """Each person of the audience: completed (with the date), met_by_exemption, or
    outstanding."""

    operation = "training_compliance_learners"

    @extend_schema(tags=STAFF,
                   summary="Everyone the module or campaign is for, with their status",
                   parameters=[FilterQuerySerializer, OpenApiParameter("page", OpenApiTypes.INT)],
                   responses={200: LearnerStatusPageSerializer, **ERRORS})
    def get(self, request, institution_slug: str, **kwargs):
        params = self.query()
        paginator = QueuePagination()
        paginator.page_size = 50
        page = paginator.paginate_queryset(learner_statuses(self.scope(kwargs, params),
                                                            params.filters()),
                                           request, view=self)
        return paginator.get_paginated_response(LearnerStatusSerializer(page, many=True).data)


class ExportView(FileDownloadMixin, ComplianceAPIView):
    """``what``: outstanding or status; ``fmt``: csv or xlsx. An exemption is shown as "Met by
    exemption" and nothing more."""

    operation = "training_compliance_export"

    @extend_schema(tags=STAFF,
                   summary="The outstanding list or everyone's status, as CSV or XLSX "
                   "(the read is logged)", parameters=[FilterQuerySerializer],
                   responses={**{(200, media): OpenApiResponse(
                       OpenApiTypes.BINARY, description="The file.")
                       for media in ("text/csv", XLSX_TYPE)}, **ERRORS})
    def get(self, request, institution_slug: str, what: str, fmt: str, **kwargs):
        params = self.query()
        return export_response(request, self.scope(kwargs, params), what, fmt,
                               params.filters())


class IssueLinksView(ComplianceAPIView):
    @extend_schema(operation_id="training_opt_out_links_issue", tags=STAFF,
                   summary="Issue personal opt-out links (004) to the students who have not "
                   "met the module", description=inspect.getdoc(services.optout_links_issue),
                   request=IssueSerializer,
                   responses={201: IssuedSerializer, 409: ErrorSerializer, **ERRORS})
    def post(self, request, institution_slug: str):
        body = IssueSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        module = module_get(institution=self.institution, module_id=data["module"])
        campaign = campaign_get(institution=self.institution, campaign_id=data["campaign"]) \
            if data.get("campaign") else None
        issued = services.optout_links_issue(
            module=module, campaign=campaign, actor=request.user, membership=self.membership,
            delivery=data["delivery"], base_url=base_url(request))
        return Response({"issued": issued.count, "expires_on": issued.expires_on,
                         "links": [{"email": learner.email, "external_id": learner.external_id,
                                    "url": url} for learner, url in issued.links]},
                        status=status.HTTP_201_CREATED)


def for_kind(view, kind: str):
    """The view for a module's or a campaign's path, with its own operation id."""
    named = type(f"{kind.capitalize()}{view.__name__}", (view,), {"__doc__": view.__doc__})
    return extend_schema_view(get=extend_schema(operation_id=f"{view.operation}_{kind}"))(
        named).as_view()


MODULE, CAMPAIGN = "compliance/modules/<int:module_id>/", "compliance/campaigns/<int:campaign_id>/"
EXPORT = "export/<slug:what>.<slug:fmt>"

#: Included by config/api_urls.py under training/.
urlpatterns = [
    path("compliance/", OverviewView.as_view(), name="api-training-compliance"),
    path("compliance/campaigns/", CampaignListView.as_view(),
         name="api-training-compliance-campaigns"),
    *(p for prefix, kind in ((MODULE, "module"), (CAMPAIGN, "campaign")) for p in (
        path(prefix, for_kind(ScopeView, kind), name=f"api-training-compliance-{kind}"),
        path(prefix + "outstanding/", for_kind(OutstandingView, kind),
             name=f"api-training-compliance-{kind}-outstanding"),
        path(prefix + "learners/", for_kind(LearnerStatusView, kind),
             name=f"api-training-compliance-{kind}-learners"),
        path(prefix + EXPORT, for_kind(ExportView, kind),
             name=f"api-training-compliance-{kind}-export"))),
    path("opt-out-links/", IssueLinksView.as_view(), name="api-training-opt-out-links"),
]
