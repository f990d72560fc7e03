"""The subject access and Board bundle API, under /api/v1/<institution_slug>/data-protection/,
mirroring the staff pages and calling the same services. Another institution's user: 404; a
member without the data protection role: 403 (the Board bundle: 404 for anyone not on it)."""

from __future__ import annotations

import inspect

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.downloads import attachment
from web.api import ErrorSerializer, FileDownloadMixin, InstitutionScopedMixin, QueuePagination

from . import serializers as s
from .models import SubjectAccessRequest
from .roles import DATA_PROTECTION
from .services import bundle as b
from .services import export as e
from .services import requests as r

TAGS = ["data protection"]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class DataProtectionView(InstitutionScopedMixin, APIView):
    required_roles = (DATA_PROTECTION,)

    def body(self, serializer_class, request) -> dict:
        body = serializer_class(data=request.data)
        body.is_valid(raise_exception=True)
        return dict(body.validated_data)

    def detail(self, request_id) -> dict:
        sar = r.access_request(user=self.request.user, institution=self.institution,
                               request_id=request_id)
        return s.SubjectAccessRequestDetailSerializer(sar).data


class RequestListView(DataProtectionView):
    @extend_schema(operation_id="subject_access_requests", tags=TAGS,
                   summary="Subject access requests, by due date",
                   responses={200: s.SubjectAccessRequestPageSerializer, **ERRORS})
    def get(self, request, institution_slug: str):
        paginator = QueuePagination()
        rows = SubjectAccessRequest.objects.for_institution(self.institution).order_by(
            "due_on", "pk")
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(
            s.SubjectAccessRequestRowSerializer(page, many=True).data)

    @extend_schema(operation_id="subject_access_request_receive", tags=TAGS,
                   summary="Record a subject access request",
                   description=inspect.getdoc(r.subject_access_request_receive),
                   request=s.SubjectAccessRequestBodySerializer,
                   responses={201: s.SubjectAccessRequestDetailSerializer, **ERRORS})
    def post(self, request, institution_slug: str):
        sar = r.subject_access_request_receive(
            institution=self.institution, actor=request.user,
            **self.body(s.SubjectAccessRequestBodySerializer, request))
        return Response(self.detail(sar.pk), status=status.HTTP_201_CREATED)


class RequestDetailView(DataProtectionView):
    @extend_schema(operation_id="subject_access_request", tags=TAGS,
                   summary="One request with its matches and exports",
                   responses={200: s.SubjectAccessRequestDetailSerializer, **ERRORS})
    def get(self, request, institution_slug: str, request_id: int):
        return Response(self.detail(request_id))


class RequestFindView(DataProtectionView):
    @extend_schema(operation_id="subject_access_matches_find", tags=TAGS,
                   summary="Find the records that may be about the person",
                   description=inspect.getdoc(r.subject_access_matches_find), request=None,
                   responses={200: s.SubjectAccessRequestDetailSerializer, **ERRORS})
    def post(self, request, institution_slug: str, request_id: int):
        sar = r.access_request(user=request.user, institution=self.institution,
                               request_id=request_id)
        r.subject_access_matches_find(request=sar, actor=request.user)
        return Response(self.detail(request_id))


class RequestConfirmView(DataProtectionView):
    @extend_schema(operation_id="subject_access_matches_confirm", tags=TAGS,
                   summary="Confirm which matched records are about the person",
                   description=inspect.getdoc(r.subject_access_matches_confirm),
                   request=s.SubjectAccessConfirmBodySerializer,
                   responses={200: s.SubjectAccessRequestDetailSerializer, **ERRORS})
    def post(self, request, institution_slug: str, request_id: int):
        sar = r.access_request(user=request.user, institution=self.institution,
                               request_id=request_id)
        r.subject_access_matches_confirm(
            request=sar, actor=request.user,
            **self.body(s.SubjectAccessConfirmBodySerializer, request))
        return Response(self.detail(request_id))


class RequestExportView(DataProtectionView):
    @extend_schema(operation_id="subject_access_export_request", tags=TAGS,
                   summary="Generate the export of the confirmed records (by the worker)",
                   description=inspect.getdoc(r.subject_access_export_request), request=None,
                   responses={202: s.SubjectAccessExportSerializer, **ERRORS})
    def post(self, request, institution_slug: str, request_id: int):
        sar = r.access_request(user=request.user, institution=self.institution,
                               request_id=request_id)
        export = r.subject_access_export_request(request=sar, actor=request.user)
        return Response(s.SubjectAccessExportSerializer(export).data,
                        status=status.HTTP_202_ACCEPTED)


class RequestCloseView(DataProtectionView):
    @extend_schema(operation_id="subject_access_request_close", tags=TAGS,
                   summary="Close the request", request=None,
                   responses={200: s.SubjectAccessRequestDetailSerializer, **ERRORS})
    def post(self, request, institution_slug: str, request_id: int):
        sar = r.access_request(user=request.user, institution=self.institution,
                               request_id=request_id)
        r.subject_access_request_close(request=sar, actor=request.user)
        return Response(self.detail(request_id))


class ExportDownloadView(FileDownloadMixin, DataProtectionView):
    @extend_schema(operation_id="subject_access_export_download", tags=TAGS,
                   summary="Download the export's zip, once, before it expires",
                   description=inspect.getdoc(e.subject_access_export_download),
                   responses={200: OpenApiResponse(OpenApiTypes.BINARY, description="The zip."),
                              **ERRORS})
    def get(self, request, institution_slug: str, export_id: int):
        export = e.access_export(user=request.user, institution=self.institution,
                                 export_id=export_id)
        name, data = e.subject_access_export_download(export=export, actor=request.user)
        return attachment(data, "application/zip", name)


class BundleView(InstitutionScopedMixin, APIView):
    def answer(self, viewer) -> dict:
        entries = [{**entry, "original_text": (
            entry["original"].text if entry["original"] is not None and entry["source"] ==
            "statement" else (entry["original"].title if entry["original"] is not None
                              else None))} for entry in b.bundle_entries(viewer)]
        return s.BoardBundleSerializer({"case": viewer.case.pk,
                                        "sees_originals": viewer.sees_originals,
                                        "entries": entries}).data

    @extend_schema(operation_id="board_bundle", tags=TAGS,
                   summary="The Board's bundle of a case (§58: identities withheld)",
                   responses={200: s.BoardBundleSerializer, **ERRORS})
    def get(self, request, institution_slug: str, case_id: int):
        return Response(self.answer(b.access_bundle(
            user=request.user, institution=self.institution, case_id=case_id,
            membership=self.membership)))

    @extend_schema(operation_id="board_bundle_prepare", tags=TAGS,
                   summary="Prepare one statement or document for the Board's bundle",
                   description=inspect.getdoc(b.bundle_document_prepare),
                   request=s.BoardBundlePrepareBodySerializer,
                   responses={200: s.BoardBundleSerializer, **ERRORS})
    def post(self, request, institution_slug: str, case_id: int):
        viewer = b.access_bundle(user=request.user, institution=self.institution,
                                 case_id=case_id, membership=self.membership)
        body = s.BoardBundlePrepareBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        b.bundle_document_prepare(case=viewer.case, actor=request.user, **body.validated_data)
        return Response(self.answer(b.access_bundle(
            user=request.user, institution=self.institution, case_id=case_id,
            membership=self.membership)))


class BundlePdfView(FileDownloadMixin, InstitutionScopedMixin, APIView):
    @extend_schema(operation_id="board_bundle_document_pdf", tags=TAGS,
                   summary="The redacted PDF of one bundle document",
                   responses={200: OpenApiResponse(OpenApiTypes.BINARY, description="The PDF."),
                              **ERRORS})
    def get(self, request, institution_slug: str, case_id: int, document_id: int):
        viewer = b.access_bundle(user=request.user, institution=self.institution,
                                 case_id=case_id, membership=self.membership)
        document = b.bundle_document_open(viewer=viewer, document_id=document_id,
                                          actor=request.user)
        pdf = b.bundle_document_pdf(document)
        if pdf is None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"document": ["This document is withheld from the bundle."]})
        return attachment(pdf, "application/pdf",
                          f"{viewer.case.reference}-bundle-{document.pk}.pdf")
