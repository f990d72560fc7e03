"""In-person sessions and their register."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from .. import serializers as s
from ..permissions import access_session
from ..selectors import session_list, session_register
from ..services.sessions import (
    learners_by_email,
    register_add,
    register_save,
    session_create,
    session_update,
)
from .base import ERRORS, TAGS, TrainingAPIView, page_of


def _detail(session) -> dict:
    session.register_list = list(session_register(session))
    return s.SessionDetailSerializer(session).data


class SessionListView(TrainingAPIView):
    @extend_schema(operation_id="training_sessions", tags=TAGS,
                   summary="In-person sessions, latest first",
                   responses={200: page_of(s.SessionSerializer), **ERRORS})
    def get(self, request, institution_slug: str):
        return self.page(session_list(institution=self.institution), s.SessionSerializer)

    @extend_schema(operation_id="training_session_create", tags=TAGS,
                   summary="Add a session of an in-person module",
                   request=s.SessionInputSerializer,
                   responses={201: s.SessionDetailSerializer, **ERRORS})
    def post(self, request, institution_slug: str):
        data = self.body(s.SessionInputSerializer)
        session = session_create(institution=self.institution, actor=request.user, **data)
        return Response(_detail(session), status=status.HTTP_201_CREATED)


class SessionDetailView(TrainingAPIView):
    @extend_schema(operation_id="training_session", tags=TAGS,
                   summary="A session with its register",
                   responses={200: s.SessionDetailSerializer, **ERRORS})
    def get(self, request, institution_slug: str, session_id: int):
        return Response(_detail(access_session(institution=self.institution,
                                               session_id=session_id)))

    @extend_schema(operation_id="training_session_update", tags=TAGS,
                   summary="Change a session", description=session_update.__doc__,
                   request=s.SessionInputSerializer,
                   responses={200: s.SessionDetailSerializer, **ERRORS})
    def patch(self, request, institution_slug: str, session_id: int):
        session = access_session(institution=self.institution, session_id=session_id)
        data = self.body(s.SessionInputSerializer, partial=True)
        return Response(_detail(session_update(session=session, actor=request.user, **data)))


class SessionRegisterView(TrainingAPIView):
    @extend_schema(operation_id="training_register_save", tags=TAGS,
                   summary="Add people to the register and mark who attended",
                   description=register_save.__doc__, request=s.RegisterInputSerializer,
                   responses={200: s.SessionDetailSerializer, **ERRORS})
    def post(self, request, institution_slug: str, session_id: int):
        session = access_session(institution=self.institution, session_id=session_id)
        data = self.body(s.RegisterInputSerializer)
        with transaction.atomic():
            if data.get("add"):
                register_add(session=session, actor=request.user, learners=learners_by_email(
                    institution=self.institution, emails=data["add"]))
            marks = {m["learner_id"]: m["attended"] for m in data.get("marks") or []}
            if marks:
                register_save(session=session, actor=request.user, marks=marks)
        return Response(_detail(session))
