"""Imports of a learning platform's export, their progress and error report, and the saved
columns."""

from __future__ import annotations

import inspect

from django.core.exceptions import ValidationError
from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.downloads import attachment
from web.api import FileDownloadMixin

from .. import serializers as s
from ..importing import max_bytes
from ..models import MAPPED_COLUMNS
from ..permissions import access_import_run
from ..selectors import import_mapping_of, import_run_errors, import_run_list
from ..services import imports as service
from .base import ERRORS, TAGS, TrainingAPIView, page_of


def columns_given(data: dict, *, institution) -> service.Columns:
    """The columns given in the request; any left out is the institution's saved one."""
    saved = service.columns_saved(institution=institution)
    values = {name: data[name] if name in data else saved.get(name)
              for name, _label, _required in MAPPED_COLUMNS}
    return service.Columns(values=values,
                           module_match=data.get("module_match") or saved.module_match,
                           date_format=data.get("date_format") or saved.date_format)


class ImportListView(TrainingAPIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(operation_id="training_imports", tags=TAGS, summary="The imports, latest "
                   "first", responses={200: page_of(s.ImportRunSerializer), **ERRORS})
    def get(self, request, institution_slug: str):
        return self.page(import_run_list(institution=self.institution), s.ImportRunSerializer)

    @extend_schema(operation_id="training_import_upload", tags=TAGS,
                   summary="Upload a learning platform's export",
                   description=inspect.getdoc(service) or "",
                   request={"multipart/form-data": s.ImportUploadSerializer},
                   responses={201: s.ImportRunSerializer, **ERRORS})
    def post(self, request, institution_slug: str):
        data = self.body(s.ImportUploadSerializer)
        upload = data["file"]
        if upload.size > max_bytes():
            raise ValidationError({"file": [f"The file is larger than "
                                            f"{max_bytes() // (1024 * 1024)} MB."]})
        with transaction.atomic():  # refused whole: no run is kept for a refused start
            run = service.import_upload(institution=self.institution, actor=request.user,
                                        filename=upload.name, data=upload.read(),
                                        learner_kind=data["learner_kind"])
            if data["start"]:
                run = service.import_start(
                    run=run, actor=request.user,
                    columns=columns_given(data, institution=self.institution),
                    fixed_module=data.get("fixed_module"), save_mapping=data["save_mapping"])
        return Response(s.ImportRunSerializer(self._fresh(run)).data,
                        status=status.HTTP_201_CREATED)

    def _fresh(self, run):
        return access_import_run(institution=self.institution, run_id=run.pk)


class ImportDetailView(TrainingAPIView):
    @extend_schema(operation_id="training_import", tags=TAGS,
                   summary="An import: its status, progress and counts",
                   responses={200: s.ImportRunSerializer, **ERRORS})
    def get(self, request, institution_slug: str, run_id: int):
        return Response(s.ImportRunSerializer(access_import_run(
            institution=self.institution, run_id=run_id)).data)


class ImportStartView(TrainingAPIView):
    @extend_schema(operation_id="training_import_start", tags=TAGS,
                   summary="Confirm the columns and start the import",
                   description=inspect.getdoc(service.import_start) or "",
                   request=s.ColumnsInputSerializer,
                   responses={200: s.ImportRunSerializer, **ERRORS})
    def post(self, request, institution_slug: str, run_id: int):
        run = access_import_run(institution=self.institution, run_id=run_id)
        data = self.body(s.ColumnsInputSerializer)
        service.import_start(run=run, actor=request.user,
                             columns=columns_given(data, institution=self.institution),
                             fixed_module=data.get("fixed_module"),
                             save_mapping=data["save_mapping"])
        return Response(s.ImportRunSerializer(access_import_run(
            institution=self.institution, run_id=run_id)).data)


class ImportDiscardView(TrainingAPIView):
    @extend_schema(operation_id="training_import_discard", tags=TAGS,
                   summary="Discard an upload whose columns were not confirmed",
                   request=None, responses={200: s.ImportRunSerializer, **ERRORS})
    def post(self, request, institution_slug: str, run_id: int):
        run = access_import_run(institution=self.institution, run_id=run_id)
        return Response(s.ImportRunSerializer(
            service.import_discard(run=run, actor=request.user)).data)


class ImportErrorsView(TrainingAPIView):
    @extend_schema(operation_id="training_import_errors", tags=TAGS,
                   summary="The rows not applied, with their problem",
                   responses={200: page_of(s.ImportRowErrorSerializer), **ERRORS})
    def get(self, request, institution_slug: str, run_id: int):
        run = access_import_run(institution=self.institution, run_id=run_id)
        return self.page(import_run_errors(run), s.ImportRowErrorSerializer)


class ImportErrorsCSVView(FileDownloadMixin, TrainingAPIView):
    @extend_schema(operation_id="training_import_errors_csv", tags=TAGS,
                   summary="The error report as CSV (row, email, problem)",
                   responses={(200, "text/csv"): OpenApiTypes.BINARY, **ERRORS})
    def get(self, request, institution_slug: str, run_id: int):
        run = access_import_run(institution=self.institution, run_id=run_id)
        return attachment(service.import_errors_csv(run), "text/csv; charset=utf-8",
                          f"import-{run.pk}-errors.csv")


class ImportMappingView(TrainingAPIView):
    @extend_schema(operation_id="training_import_mapping", tags=TAGS,
                   summary="The columns saved for the next import",
                   responses={200: s.ImportMappingSerializer, **ERRORS})
    def get(self, request, institution_slug: str):
        mapping = import_mapping_of(self.institution)
        if mapping is None:
            return Response(s.ImportMappingSerializer(service.Columns().as_dict()).data)
        return Response(s.ImportMappingSerializer(mapping).data)

    @extend_schema(operation_id="training_import_mapping_set", tags=TAGS,
                   summary="Save the columns for the next import",
                   request=s.ImportMappingInputSerializer,
                   responses={200: s.ImportMappingSerializer, **ERRORS})
    def put(self, request, institution_slug: str):
        data = self.body(s.ImportMappingInputSerializer)
        columns = service.Columns(
            values={name: data.get(name, "") for name, _l, _r in MAPPED_COLUMNS},
            module_match=data["module_match"], date_format=data["date_format"])
        mapping = service.import_mapping_save(institution=self.institution, actor=request.user,
                                              columns=columns)
        return Response(s.ImportMappingSerializer(mapping).data)
