"""Staff pages: subject access requests (the data protection officer) and the Board bundle
(the decision maker and the clerk prepare it; Board members read it). Every page calls the same
services as the API (subjectaccess/api.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import staff_view
from core.downloads import attachment
from core.pagination import QueuePaginator

from . import forms as f
from .models import SubjectAccessExport, SubjectAccessRequest
from .roles import DATA_PROTECTION
from .services import bundle as b
from .services import export as e
from .services import requests as r

PAGE_SIZE = 25


def _detail_url(request, sar) -> str:
    return reverse("staff:subjectaccess:request", kwargs={
        "institution_slug": request.institution.slug, "request_id": sar.pk})


@staff_view(DATA_PROTECTION)
def requests_view(request, institution_slug: str):
    form = f.RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sar = r.subject_access_request_receive(institution=request.institution,
                                                   actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            f.add_service_errors(form, exc)
        else:
            messages.success(request, f"Request {sar.reference} recorded; due on "
                                      f"{sar.due_on:%d %B %Y}.")
            return redirect(_detail_url(request, sar))
    rows = SubjectAccessRequest.objects.for_institution(request.institution).select_related(
        "handled_by").order_by("due_on", "pk")
    page = QueuePaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "subjectaccess/requests.html", {"form": form, "page": page})


@require_GET
@staff_view(DATA_PROTECTION)
def request_detail(request, institution_slug: str, request_id: int, confirm_form=None):
    sar = r.access_request(user=request.user, institution=request.institution,
                           request_id=request_id)
    matches = list(sar.matches.all())
    exports = list(SubjectAccessExport.objects.for_institution(request.institution).filter(
        request=sar))
    return render(request, "subjectaccess/request_detail.html", {
        "sar": sar, "matches": matches, "exports": exports,
        "confirm_form": confirm_form or f.ConfirmForm(matches=matches)})


def _act(request, request_id, call, message: str):
    sar = r.access_request(user=request.user, institution=request.institution,
                           request_id=request_id)
    try:
        call(sar)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, message)
    return redirect(_detail_url(request, sar))


@require_POST
@staff_view(DATA_PROTECTION)
def request_find(request, institution_slug: str, request_id: int):
    return _act(request, request_id, lambda sar: r.subject_access_matches_find(
        request=sar, actor=request.user), "Matches found: review them below.")


@require_POST
@staff_view(DATA_PROTECTION)
def request_confirm(request, institution_slug: str, request_id: int):
    sar = r.access_request(user=request.user, institution=request.institution,
                           request_id=request_id)
    form = f.ConfirmForm(request.POST, matches=list(sar.matches.all()))
    if form.is_valid():
        return _act(request, request_id, lambda s: r.subject_access_matches_confirm(
            request=s, actor=request.user, confirmed=form.cleaned_data["confirmed"]),
            "The records about this person are confirmed.")
    request.method = "GET"
    return request_detail(request, institution_slug=institution_slug, request_id=request_id,
                          confirm_form=form)


@require_POST
@staff_view(DATA_PROTECTION)
def request_export(request, institution_slug: str, request_id: int):
    return _act(request, request_id, lambda sar: r.subject_access_export_request(
        request=sar, actor=request.user), "The export is being generated.")


@require_POST
@staff_view(DATA_PROTECTION)
def request_close(request, institution_slug: str, request_id: int):
    return _act(request, request_id, lambda sar: r.subject_access_request_close(
        request=sar, actor=request.user), "The request is closed.")


@require_GET
@staff_view(DATA_PROTECTION)
def export_download(request, institution_slug: str, export_id: int):
    export = e.access_export(user=request.user, institution=request.institution,
                             export_id=export_id)
    try:
        name, data = e.subject_access_export_download(export=export, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_detail_url(request, export.request))
    return attachment(data, "application/zip", name)


@staff_view()
def bundle_view(request, institution_slug: str, case_id: int):
    viewer = b.access_bundle(user=request.user, institution=request.institution,
                             case_id=case_id, membership=request.membership)
    parties = list(viewer.case.parties.all())
    form = None
    if request.method == "POST":
        form = f.BundlePrepareForm(request.POST, parties=parties)
        if form.is_valid():
            try:
                b.bundle_document_prepare(case=viewer.case, actor=request.user,
                                          **form.cleaned_data)
            except ValidationError as exc:
                f.add_service_errors(form, exc)
            else:
                messages.success(request, "The Board's bundle is updated.")
                return redirect(request.path)
    entries = b.bundle_entries(viewer)
    for entry in entries:
        if viewer.sees_originals:
            entry["form"] = f.BundlePrepareForm(parties=parties, initial={
                "source": entry["source"], "source_id": entry["id"],
                "withheld_parties": (entry["bundle"].withheld_parties if entry["bundle"] else
                                     [p.pk for p in parties if p.identity_withheld])})
    return render(request, "subjectaccess/bundle.html", {
        "viewer": viewer, "case": viewer.case, "entries": entries, "error_form": form})


@require_GET
@staff_view()
def bundle_document_download(request, institution_slug: str, case_id: int, document_id: int):
    viewer = b.access_bundle(user=request.user, institution=request.institution,
                             case_id=case_id, membership=request.membership)
    document = b.bundle_document_open(viewer=viewer, document_id=document_id,
                                      actor=request.user)
    pdf = b.bundle_document_pdf(document)
    if pdf is None:
        messages.error(request, "This document is withheld from the bundle.")
        return redirect(reverse("staff:subjectaccess:bundle", kwargs={
            "institution_slug": institution_slug, "case_id": case_id}))
    return attachment(pdf, "application/pdf",
                      f"{viewer.case.reference}-bundle-{document.pk}.pdf")
