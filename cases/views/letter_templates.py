"""The institution admin's letter templates: a list, and an editor with an HTML and a PDF
preview from made-up facts. Saving goes through cases.services.letter_templates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.decorators import staff_view
from accounts.roles import Role
from core.pdf import html_to_pdf

from ..forms import LetterTemplateForm, add_service_errors
from ..models import LetterKind, LetterTemplate
from ..services.letter_defaults import DEFAULTS, ensure_letter_templates
from ..services.letter_templates import letter_template_preview, letter_template_update
from ..templatetags.case_words import board_words

#: The fields a template may use, for the editor's reference.
FIELDS = [
    ("recipient.name", "The person the letter is to"),
    ("is_respondent / is_reporting_party", "Which of them it is (use with {% if %})"),
    ("student.name, student.student_id", "The reported student"),
    ("reference, date", "The case reference and the date of the letter"),
    ("institution.name, institution.address", "Your institution"),
    ("decision_maker, informal_officer, board, appeal_body, appeal_reviewer",
     "Your institution's names for these roles and bodies"),
    ("allegations", "A list: each has type, category, severity"),
    ("outcome.result_label, outcome.reasons, outcome.decided_on, outcome.penalties",
     "The decision; each penalty has name, amount, details"),
    ("appeal_deadline, appeal_window, appeal_grounds", "The right of appeal"),
    ("oia_deadline, oia_months", "Completion of Procedures: the OIA time limit"),
    ("extra.hearing_date, extra.arrangements, extra.membership, extra.witnesses, "
     "extra.documents, extra.objection_deadline", "Notice of the Board hearing"),
]


def _template(institution, kind: str) -> LetterTemplate | None:
    if kind not in LetterKind.values:
        raise Http404("Not found.")
    return LetterTemplate.objects.for_institution(institution).filter(kind=kind).first()


@staff_view(Role.INSTITUTION_ADMIN)
def letter_template_list(request, institution_slug: str):
    inst = request.institution
    saved = {t.kind: t for t in LetterTemplate.objects.for_institution(inst)
             .select_related("updated_by")}
    rows = [{"kind": kind, "label": label, "template": saved.get(kind)}
            for kind, label in LetterKind.choices]
    return render(request, "cases/letter_templates.html", {"rows": rows})


@staff_view(Role.INSTITUTION_ADMIN)
def letter_template_edit(request, institution_slug: str, kind: str):
    inst = request.institution
    template = _template(inst, kind)
    if template is not None:
        initial = {"subject": template.subject, "body": template.body}
    else:
        subject, body = DEFAULTS[LetterKind(kind)]
        initial = {"subject": subject, "body": body}
    initial["preview_as"] = "respondent"
    action = request.POST.get("action", "preview")
    form = LetterTemplateForm(request.POST or None, initial=initial)
    preview = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if action == "save":
            if template is None:
                ensure_letter_templates(institution=inst)
                template = _template(inst, kind)
            try:
                letter_template_update(template=template, actor=request.user,
                                       subject=data["subject"], body=data["body"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"The template '{template.get_kind_display()}' is "
                                          "saved. Letters issued from now on use it.")
                return redirect(reverse("staff:cases:letter_templates",
                                        kwargs={"institution_slug": inst.slug}))
        preview = _preview(form, inst, kind, as_pdf=action == "pdf")
        if isinstance(preview, HttpResponse):
            return preview
    elif not form.is_bound:
        try:
            preview = _preview_of(inst, kind, initial["subject"], initial["body"], False)
        except ValidationError:
            preview = None
    return render(request, "cases/letter_template_edit.html", {
        "form": form, "kind": kind, "kind_label": board_words(LetterKind(kind).label, inst),
        "template": template, "preview": preview, "fields": FIELDS})


def _preview_of(inst, kind: str, subject: str, body: str, reporting_party: bool):
    _subject, html = letter_template_preview(institution=inst, kind=kind, subject=subject,
                                             body=body, reporting_party=reporting_party)
    return html


def _preview(form, inst, kind: str, *, as_pdf: bool):
    """The preview of what was typed (saved or not): HTML for the page, or the PDF itself.
    A template that does not render gets its error on the form, not a server error."""
    if not form.is_valid():  # a failed save already put its errors on the form
        return None
    data = form.cleaned_data
    try:
        html = _preview_of(inst, kind, data["subject"], data["body"],
                           data.get("preview_as") == "reporting_party")
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    if as_pdf:
        response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{kind}-preview.pdf"'
        response["Cache-Control"] = "no-store, private"
        return response
    return html
