"""Modules and campaigns."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from .. import serializers as s
from ..permissions import access_campaign, access_module
from ..selectors import campaign_list, module_list
from ..services.modules import (
    campaign_create,
    campaign_update,
    module_create,
    module_update,
)
from .base import ERRORS, TAGS, TrainingAPIView, page_of


class ModuleListView(TrainingAPIView):
    @extend_schema(operation_id="training_modules", tags=TAGS, summary="The modules",
                   responses={200: page_of(s.ModuleSerializer), **ERRORS})
    def get(self, request, institution_slug: str):
        return self.page(module_list(institution=self.institution), s.ModuleSerializer)

    @extend_schema(operation_id="training_module_create", tags=TAGS, summary="Add a module",
                   description=module_create.__doc__, request=s.ModuleInputSerializer,
                   responses={201: s.ModuleSerializer, **ERRORS})
    def post(self, request, institution_slug: str):
        data = self.body(s.ModuleInputSerializer)
        module = module_create(institution=self.institution, actor=request.user, **data)
        return Response(s.ModuleSerializer(module).data, status=status.HTTP_201_CREATED)


class ModuleDetailView(TrainingAPIView):
    @extend_schema(operation_id="training_module", tags=TAGS, summary="A module",
                   responses={200: s.ModuleSerializer, **ERRORS})
    def get(self, request, institution_slug: str, module_id: int):
        return Response(s.ModuleSerializer(access_module(
            institution=self.institution, module_id=module_id)).data)

    @extend_schema(operation_id="training_module_update", tags=TAGS, summary="Change a module",
                   description=module_update.__doc__, request=s.ModuleInputSerializer,
                   responses={200: s.ModuleSerializer, **ERRORS})
    def patch(self, request, institution_slug: str, module_id: int):
        module = access_module(institution=self.institution, module_id=module_id)
        data = self.body(s.ModuleInputSerializer, partial=True)
        data.pop("key", None)  # a module's key never changes
        module = module_update(module=module, actor=request.user, **data)
        return Response(s.ModuleSerializer(module).data)


class CampaignListView(TrainingAPIView):
    @extend_schema(operation_id="training_campaigns", tags=TAGS,
                   summary="The campaigns, latest opening first",
                   parameters=[s.CampaignFilterSerializer],
                   responses={200: page_of(s.CampaignSerializer), **ERRORS})
    def get(self, request, institution_slug: str):
        params = s.CampaignFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        module = None
        if params.validated_data.get("module"):
            module = access_module(institution=self.institution,
                                   module_id=params.validated_data["module"])
        return self.page(campaign_list(institution=self.institution, module=module),
                         s.CampaignSerializer)

    @extend_schema(operation_id="training_campaign_create", tags=TAGS,
                   summary="Add a campaign", description=campaign_create.__doc__,
                   request=s.CampaignInputSerializer,
                   responses={201: s.CampaignSerializer, **ERRORS})
    def post(self, request, institution_slug: str):
        data = self.body(s.CampaignInputSerializer)
        campaign = campaign_create(institution=self.institution, actor=request.user, **data)
        return Response(s.CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)


class CampaignDetailView(TrainingAPIView):
    @extend_schema(operation_id="training_campaign", tags=TAGS, summary="A campaign",
                   responses={200: s.CampaignSerializer, **ERRORS})
    def get(self, request, institution_slug: str, campaign_id: int):
        return Response(s.CampaignSerializer(access_campaign(
            institution=self.institution, campaign_id=campaign_id)).data)

    @extend_schema(operation_id="training_campaign_update", tags=TAGS,
                   summary="Change a campaign", description=campaign_update.__doc__,
                   request=s.CampaignInputSerializer,
                   responses={200: s.CampaignSerializer, **ERRORS})
    def patch(self, request, institution_slug: str, campaign_id: int):
        campaign = access_campaign(institution=self.institution, campaign_id=campaign_id)
        data = self.body(s.CampaignInputSerializer, partial=True)
        campaign = campaign_update(campaign=campaign, actor=request.user, **data)
        return Response(s.CampaignSerializer(campaign).data)
