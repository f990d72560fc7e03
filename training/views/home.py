"""The training administrators' start page."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from ..models import ImportRun, Learner, Module, TrainingSession
from .common import manager_view


@manager_view
def home(request, institution_slug: str):
    inst = request.institution
    today = timezone.localdate()
    return render(request, "training/home.html", {
        "modules": Module.objects.for_institution(inst).filter(is_active=True).count(),
        "learners": Learner.objects.for_institution(inst).filter(is_active=True).count(),
        "imports_working": ImportRun.objects.for_institution(inst).filter(
            status__in=ImportRun.WORKING).count(),
        "sessions_coming": TrainingSession.objects.for_institution(inst).filter(
            held_on__gte=today).count(),
    })
