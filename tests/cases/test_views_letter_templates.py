"""The institution admin's letter templates: preview before saving, and never a template that
binds a reporting party to silence (000 §9)."""

import html as html_lib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from cases.models import LetterTemplate
from cases.services.letter_templates import letter_template_update

from .pages import error_for, textarea_of, value_of

pytestmark = pytest.mark.django_db

LIST = "/kingsway/staff/letters/templates/"
EDIT = LIST + "formal_decision/"


def saved(inst):
    return LetterTemplate.objects.for_institution(inst).get(kind="formal_decision")


def test_only_the_institution_admin_reaches_the_templates(client, kingsway, ks,
                                                          kingsway_admin):
    client.force_login(ks.secretary)
    assert client.get(LIST).status_code == 403
    assert client.get(EDIT).status_code == 403
    assert client.post(EDIT, {"subject": "x", "body": "y", "action": "save"}).status_code == 403
    client.force_login(kingsway_admin)
    html = client.get(LIST).text
    assert "Formal decision (§50-51)" in html
    assert f'href="{EDIT}"' in html
    assert client.get(LIST + "no_such_letter/").status_code == 404
    # the queue links admins here
    assert f'href="{LIST}"' in client.get("/kingsway/staff/cases/").text


def test_the_editor_previews_the_saved_template_with_made_up_facts(client, kingsway,
                                                                    kingsway_admin):
    client.force_login(kingsway_admin)
    html = client.get(EDIT).text
    assert value_of(html, "subject") == html_lib.escape(saved(kingsway).subject, quote=True)
    assert '<iframe class="letter-preview"' in html
    assert "sandbox" in html
    # the whole letter is one attribute value: its quotes must be escaped too
    assert 'srcdoc="&lt;!doctype html&gt;\n&lt;html lang=&quot;en-GB&quot;&gt;' in html
    assert "Alex Sample" in html  # the sample student, inside the escaped srcdoc
    assert "School Secretary" in html


def test_preview_shows_what_was_typed_without_saving(client, kingsway, kingsway_admin):
    client.force_login(kingsway_admin)
    before = saved(kingsway).body
    response = client.post(EDIT, {"subject": "Decision about {{ student.name }}",
                                  "body": "<p>Dear {{ recipient.name }}, a NEW TEXT.</p>",
                                  "preview_as": "reporting_party", "action": "preview"})
    assert response.status_code == 200
    assert "a NEW TEXT" in response.text
    assert "Dear Sam Example" in response.text  # the reporting party's sample name
    assert saved(kingsway).body == before


def test_pdf_preview(client, kingsway, kingsway_admin):
    client.force_login(kingsway_admin)
    response = client.post(EDIT, {"subject": "Decision", "body": "<p>Hello</p>",
                                  "action": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_template_binding_a_reporting_party_to_silence_is_refused(client, kingsway,
                                                                     kingsway_admin):
    client.force_login(kingsway_admin)
    before = saved(kingsway).body
    body = "<p>Dear {{ recipient.name }},</p><p>You must not discuss this outcome.</p>"
    response = client.post(EDIT, {"subject": "Decision", "body": body, "action": "save"})
    assert response.status_code == 200
    assert "must never bind them to silence" in error_for(response.text, "id_body")
    assert "remove &#x27;must not discuss&#x27;" in error_for(response.text, "id_body")
    assert textarea_of(response.text, "body") == html_lib.escape(body)
    assert saved(kingsway).body == before
    assert not AuditEvent.objects.for_institution(kingsway).filter(
        action="letter_template.updated").exists()


def test_a_template_that_does_not_render_is_explained_not_a_server_error(
        client, kingsway, kingsway_admin):
    client.force_login(kingsway_admin)
    for action in ("preview", "save", "pdf"):
        response = client.post(EDIT, {"subject": "Decision", "body": "{% if %}oops",
                                      "action": action})
        assert response.status_code == 200
        assert "does not render" in error_for(response.text, "id_body")


def test_saving_a_good_template_is_audited(client, kingsway, kingsway_admin):
    client.force_login(kingsway_admin)
    body = "<p>Dear {{ recipient.name }},</p><p>{{ outcome.result_label }}.</p>"
    response = client.post(EDIT, {"subject": "Decision of the {{ decision_maker }}",
                                  "body": body, "action": "save"})
    assert response.status_code == 302
    template = saved(kingsway)
    assert (template.body, template.updated_by) == (body, kingsway_admin)
    event = AuditEvent.objects.for_institution(kingsway).get(action="letter_template.updated")
    assert event.object_id == str(template.pk)
    assert event.changes["kind"] == "formal_decision"
    assert "is saved" in client.get(LIST).text


def test_the_service_checks_the_role_and_the_subject(kingsway, ks, kingsway_admin):
    template = saved(kingsway)
    with pytest.raises(PermissionDenied):
        letter_template_update(template=template, actor=ks.secretary, subject="S", body="B")
    with pytest.raises(ValidationError) as exc:
        letter_template_update(template=template, actor=kingsway_admin,
                               subject="A non-disclosure agreement", body="<p>Fine</p>")
    assert "subject" in exc.value.message_dict


def test_the_editor_lives_in_the_letters_app_and_old_links_still_work(client, kingsway,
                                                                      kingsway_admin):
    """One editor for every app's letters (issue 8 §5): the cases app only declares its
    kinds, with their fields and their names in the institution's words."""
    client.force_login(kingsway_admin)
    old = client.get("/kingsway/staff/cases/letter-templates/formal_decision/")
    assert (old.status_code, old["Location"]) == (301, EDIT)
    assert client.get("/kingsway/staff/cases/letter-templates/")["Location"] == LIST
    page = client.get(EDIT).text
    assert "outcome.result_label" in page  # the fields the cases app declared
    assert "A reporting party" in page  # its preview choice
