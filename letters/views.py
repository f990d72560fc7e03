"""The institution admin's letter templates, for every kind of letter any app registered: a
list, and an editor with an HTML and a PDF preview from made-up facts. Saving goes through
``letters.services.letter_template_update`` (only the institution admin; only a template that
renders and never one that would bind a reporting party to silence, 000 §9)."""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.decorators import staff_view
from accounts.roles import Role
from core.pdf import html_to_pdf

from .forms import LetterTemplateForm
from .models import LetterTemplate
from .registry import UnknownKind, kind_of, kinds
from .services import letter_template_for, letter_template_preview, letter_template_update


@staff_view(Role.INSTITUTION_ADMIN)
def letter_template_list(request, institution_slug: str):
    inst = request.institution
    saved = {t.kind: t for t in LetterTemplate.objects.for_institution(inst)
             .select_related("updated_by")}
    rows = [{"kind": kind.key, "label": kind.label_at(inst), "template": saved.get(kind.key)}
            for kind in kinds()]
    return render(request, "letters/templates.html", {"rows": rows})


# The preview is the letter's own page in a sandboxed srcdoc frame, which inherits this page's
# Content-Security-Policy: the letter's layout keeps its <style> inline because WeasyPrint
# renders it as one document (letters/layout.html). Styles only; scripts stay 'self'.
@csp_update({"style-src": ["'unsafe-inline'"]})
@staff_view(Role.INSTITUTION_ADMIN)
def letter_template_edit(request, institution_slug: str, kind: str):
    inst = request.institution
    try:
        spec = kind_of(kind)
    except UnknownKind:
        raise Http404("Not found.") from None
    template = LetterTemplate.objects.for_institution(inst).filter(kind=kind).first()
    source = template or spec
    initial = {"subject": source.subject, "body": source.body, "preview_as": spec.roles[0]}
    action = request.POST.get("action", "preview")
    form = LetterTemplateForm(request.POST or None, initial=initial, kind=spec)
    preview = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if action == "save":
            try:
                letter_template_update(template=letter_template_for(inst, kind),
                                       actor=request.user, subject=data["subject"],
                                       body=data["body"])
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, f"The template '{spec.label_at(inst)}' is saved. "
                                          "Letters issued from now on use it.")
                return redirect(reverse("staff:letters:templates",
                                        kwargs={"institution_slug": inst.slug}))
        preview = _preview(form, inst, kind, as_pdf=action == "pdf")
        if isinstance(preview, HttpResponse):
            return preview
    elif not form.is_bound:
        try:
            preview = letter_template_preview(institution=inst, kind=kind,
                                              subject=initial["subject"],
                                              body=initial["body"])[1]
        except ValidationError:
            preview = None
    return render(request, "letters/template_edit.html", {
        "form": form, "kind": kind, "kind_label": spec.label_at(inst), "template": template,
        "preview": preview, "fields": spec.fields})


def _add_errors(form, exc: ValidationError) -> None:
    for name, errors in getattr(exc, "error_dict", {None: exc}).items():
        form.add_error(name if name in form.fields else None, errors)


def _preview(form, inst, kind: str, *, as_pdf: bool):
    """The preview of what was typed (saved or not): HTML for the page, or the PDF itself.
    A template that does not render gets its error on the form, not a server error."""
    if not form.is_valid():  # a failed save already put its errors on the form
        return None
    data = form.cleaned_data
    try:
        _subject, html = letter_template_preview(
            institution=inst, kind=kind, subject=data["subject"], body=data["body"],
            role=data.get("preview_as") or "")
    except ValidationError as exc:
        _add_errors(form, exc)
        return None
    if as_pdf:
        response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{kind}-preview.pdf"'
        response["Cache-Control"] = "no-store, private"
        return response
    return html
