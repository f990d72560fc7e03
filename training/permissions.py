"""Reaching one training record from a URL: within the request's institution only, with the
same 404 for a record that is missing and one of another institution (Zulip's
``access_stream_common``). Who may act on it is the policy's (training/policies.py)."""

from __future__ import annotations

from django.http import Http404

from .models import Campaign, ImportRun, Learner, Module, TrainingSession


def _get(queryset, pk):
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Not found.") from None


def access_module(*, institution, module_id) -> Module:
    return _get(Module.objects.for_institution(institution), module_id)


def access_campaign(*, institution, campaign_id) -> Campaign:
    return _get(Campaign.objects.for_institution(institution).select_related("module"),
                campaign_id)


def access_learner(*, institution, learner_id) -> Learner:
    return _get(Learner.objects.for_institution(institution).select_related("membership"),
                learner_id)


def access_session(*, institution, session_id) -> TrainingSession:
    return _get(TrainingSession.objects.for_institution(institution).select_related("module"),
                session_id)


def access_import_run(*, institution, run_id) -> ImportRun:
    """The run without its uploaded file (read only by the services that need it)."""
    return _get(ImportRun.objects.for_institution(institution).select_related(
        "fixed_module", "uploaded_by").defer("content"), run_id)
