"""Action plans in the API: the list, a new plan, one plan with its items (each with its
``available_actions``) and versions, the actions on the plan and its items, and the export for
the annual accountability return (CSV or XLSX)."""

from __future__ import annotations

import inspect

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from audit.services import audit_read
from core.downloads import attachment
from web.api import ErrorSerializer, FileDownloadMixin, QueuePagination

from .. import serializers as s
from ..actions import offers
from ..exports import FORMATS, export_filename, plan_export
from ..selectors import access_item, access_plan, plan_items, plan_list, plan_versions
from ..services import plans
from .base import ERRORS, TAGS, GovernanceView, RowActionView, endpoint


def plan_answer(view, request, plan) -> dict:
    who = view.who(request)
    items = plan_items(plan)
    return s.ActionPlanDetailSerializer(plan, context={
        "offers": offers(who, plan), "today": who.today, "items": items,
        "item_offers": {item.pk: offers(who, item) for item in items},
        "versions": plan_versions(plan)}).data


class PlanLoader:
    def load(self, request, *, plan_id, **kwargs):
        plan, _ = access_plan(user=request.user, institution=self.institution, plan_id=plan_id,
                              membership=self.membership)
        return plan

    def answer(self, request, plan) -> dict:
        return plan_answer(self, request, plan)


class PlanListView(PlanLoader, GovernanceView):
    @extend_schema(operation_id="governance_action_plans", tags=TAGS,
                   summary="Action plans (003)", responses={200: s.ActionPlanPageSerializer})
    def get(self, request, institution_slug: str):
        who = self.who(request)
        paginator = QueuePagination()
        page = paginator.paginate_queryset(plan_list(membership=self.membership), request,
                                           view=self)
        return paginator.get_paginated_response(
            s.ActionPlanSerializer(page, many=True, context={"today": who.today}).data)

    @extend_schema(operation_id="governance_action_plan_create", tags=TAGS,
                   summary="New action plan",
                   description=inspect.getdoc(plans.action_plan_create),
                   request=s.ActionPlanBodySerializer,
                   responses={201: s.ActionPlanDetailSerializer, **ERRORS})
    def post(self, request, institution_slug: str):
        plan = plans.action_plan_create(institution=self.institution, actor=request.user,
                                        **self.body(s.ActionPlanBodySerializer, request))
        return Response(self.answer(request, self.load(request, plan_id=plan.pk)),
                        status=status.HTTP_201_CREATED)


class PlanDetailView(PlanLoader, GovernanceView):
    @extend_schema(operation_id="governance_action_plan", tags=TAGS,
                   responses={200: s.ActionPlanDetailSerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, plan_id: int):
        return Response(self.answer(request, self.load(request, plan_id=plan_id)))


class PlanExportView(FileDownloadMixin, GovernanceView):
    @extend_schema(operation_id="governance_action_plan_export", tags=TAGS,
                   summary="The plan for the annual accountability return (csv or xlsx)",
                   responses={**{(200, media.split(";")[0]): OpenApiTypes.BINARY
                                 for media in FORMATS.values()}, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, plan_id: int, fmt: str):
        if fmt not in FORMATS:
            raise Http404("Not found.")
        plan, _ = access_plan(user=request.user, institution=self.institution, plan_id=plan_id,
                              membership=self.membership)
        audit_read(institution=plan.institution, actor=request.user, obj=plan,
                   what=f"action plan export ({fmt})")
        return attachment(plan_export(plan, fmt), FORMATS[fmt], export_filename(plan, fmt))


class PlanActionView(PlanLoader, RowActionView):
    pass


class ItemLoader:
    """An item's actions answer its plan (the item among the plan's items)."""

    def load(self, request, *, plan_id, item_id, **kwargs):
        item, _ = access_item(user=request.user, institution=self.institution, plan_id=plan_id,
                              item_id=item_id, membership=self.membership)
        return item

    def answer(self, request, item) -> dict:
        return plan_answer(self, request, item.plan)


class ItemDetailView(ItemLoader, GovernanceView):
    @extend_schema(operation_id="governance_action_item", tags=TAGS,
                   responses={200: s.ActionItemSerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str, plan_id: int, item_id: int):
        item = self.load(request, plan_id=plan_id, item_id=item_id)
        who = self.who(request)
        return Response(s.ActionItemSerializer(item, context={
            "today": who.today, "item_offers": {item.pk: offers(who, item)}}).data)


class ItemActionView(ItemLoader, RowActionView):
    pass


def _without_none_number(row, data: dict) -> dict:
    return {k: v for k, v in data.items() if not (k == "number" and v is None)}


def _progress(row, data: dict) -> dict:
    return {k: v for k, v in data.items() if not (k == "notes" and v is None)}


ENDPOINTS = {
    "item_add": endpoint(PlanActionView, "item_add", plans.action_item_add,
                         s.ActionItemBodySerializer, row_kwarg="plan",
                         response=s.ActionPlanDetailSerializer),
    "plan_version": endpoint(PlanActionView, "plan_version", plans.action_plan_version_record,
                             s.ActionPlanVersionSerializer, row_kwarg="plan",
                             response=s.ActionPlanDetailSerializer),
    "plan_edit": endpoint(PlanActionView, "plan_edit", plans.action_plan_update,
                          s.ActionPlanChangeSerializer, row_kwarg="plan",
                          response=s.ActionPlanDetailSerializer),
    "item_progress": endpoint(ItemActionView, "item_progress", plans.action_item_progress,
                              s.ActionItemProgressSerializer, row_kwarg="item",
                              response=s.ActionPlanDetailSerializer, adapt=_progress),
    "item_edit": endpoint(ItemActionView, "item_edit", plans.action_item_update,
                          s.ActionItemChangeSerializer, row_kwarg="item",
                          response=s.ActionPlanDetailSerializer, adapt=_without_none_number),
}
