"""The roster and completions entered by hand."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from .. import serializers as s
from ..permissions import access_learner
from ..selectors import learner_completions, learner_search
from ..services.completions import completion_enter
from ..services.roster import learner_create, learner_update
from .base import ERRORS, TAGS, TrainingAPIView, page_of


def _detail(learner) -> dict:
    learner.completion_list = list(learner_completions(learner))
    return s.LearnerDetailSerializer(learner).data


class LearnerListView(TrainingAPIView):
    @extend_schema(operation_id="training_roster", tags=TAGS,
                   summary="The roster, by name; search by email, name or number",
                   parameters=[s.RosterFilterSerializer,
                               OpenApiParameter("page", int, description="Page number.")],
                   responses={200: page_of(s.LearnerSerializer), **ERRORS})
    def get(self, request, institution_slug: str):
        params = s.RosterFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        return self.page(learner_search(institution=self.institution, **params.validated_data),
                         s.LearnerSerializer)

    @extend_schema(operation_id="training_learner_create", tags=TAGS,
                   summary="Add someone to the roster", description=learner_create.__doc__,
                   request=s.LearnerInputSerializer,
                   responses={201: s.LearnerDetailSerializer, **ERRORS})
    def post(self, request, institution_slug: str):
        data = self.body(s.LearnerInputSerializer)
        learner = learner_create(institution=self.institution, actor=request.user, **data)
        return Response(_detail(learner), status=status.HTTP_201_CREATED)


class LearnerDetailView(TrainingAPIView):
    @extend_schema(operation_id="training_learner", tags=TAGS,
                   summary="A roster entry with its completions",
                   responses={200: s.LearnerDetailSerializer, **ERRORS})
    def get(self, request, institution_slug: str, learner_id: int):
        return Response(_detail(access_learner(institution=self.institution,
                                               learner_id=learner_id)))

    @extend_schema(operation_id="training_learner_update", tags=TAGS,
                   summary="Change a roster entry", description=learner_update.__doc__,
                   request=s.LearnerInputSerializer,
                   responses={200: s.LearnerDetailSerializer, **ERRORS})
    def patch(self, request, institution_slug: str, learner_id: int):
        learner = access_learner(institution=self.institution, learner_id=learner_id)
        data = self.body(s.LearnerInputSerializer, partial=True)
        return Response(_detail(learner_update(learner=learner, actor=request.user, **data)))


class LearnerCompletionsView(TrainingAPIView):
    @extend_schema(operation_id="training_completion_enter", tags=TAGS,
                   summary="Record a completion by hand", description=completion_enter.__doc__,
                   request=s.CompletionInputSerializer,
                   responses={201: s.CompletionRecordedSerializer,
                              200: s.CompletionRecordedSerializer, **ERRORS})
    def post(self, request, institution_slug: str, learner_id: int):
        learner = access_learner(institution=self.institution, learner_id=learner_id)
        data = self.body(s.CompletionInputSerializer)
        completion, created = completion_enter(learner=learner, actor=request.user, **data)
        return Response(s.CompletionRecordedSerializer(
            {"completion": completion, "created": created}).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
