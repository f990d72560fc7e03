"""The PDF a decision letter becomes, read back as a reader would: tagged and accessible (PDF/UA-1,
a structure tree, a title and a language), each institution's own name on its letterhead, the
right of appeal in one sentence without brackets inside brackets; and the record of how and when
an issued letter was sent."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from audit.models import AuditEvent
from cases.models import LetterKind
from core.crypto import decrypt_bytes
from institutions.demo import KINGSWAY, MIDSHIRE
from institutions.models import Institution
from letters.models import LetterDelivery
from letters.services import letter_delivery_record

from . import rules_support
from .rules_support import d, letters, on, reload, to_investigation, uphold

pytestmark = pytest.mark.django_db

midshire = rules_support.midshire  # conftest's fixture fails; see rules_support


def as_in_the_demo(inst, settings: dict) -> Institution:
    """The institution with the demo's name, letter name and address."""
    Institution.objects.filter(pk=inst.pk).update(
        **{k: settings[k] for k in ("name", "letter_name", "address_block")})
    inst.refresh_from_db()
    return inst


def decision_to_respondent(inst, st, capture):
    with on("2026-12-18", capture):
        case = to_investigation(inst, st)
        uphold(case, st)
    return next(x for x in letters(reload(case), LetterKind.FORMAL_DECISION)
                if x.recipient_key == "respondent")


def pdf_of(letter) -> PdfReader:
    letter.refresh_from_db()
    with letter.pdf.open("rb") as handle:
        return PdfReader(io.BytesIO(decrypt_bytes(handle.read())))


def text_of(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_letter_pdf_is_tagged_with_a_title_and_a_language(
        kingsway, ks, django_capture_on_commit_callbacks):
    """A screen reader can follow the letter: PDF/UA-1 with a structure tree (Tagged: yes), the
    letter's subject as the title shown in the window, and British English as its language."""
    letter = decision_to_respondent(kingsway, ks, django_capture_on_commit_callbacks)
    reader = pdf_of(letter)
    catalog = reader.trailer["/Root"]

    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/StructTreeRoot"].get_object()["/K"]  # the tree has content
    assert catalog["/Lang"] == "en-GB"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == f"{letter.subject} ({letter.context['reference']})"
    assert "pdfuaid:part" in catalog["/Metadata"].get_object().get_data().decode()


@pytest.mark.parametrize(("demo", "fixture", "staff"), [
    (KINGSWAY, "kingsway", "ks"), (MIDSHIRE, "midshire", "ms")])
def test_each_institutions_letterhead_is_its_own_name(
        demo, fixture, staff, request, django_capture_on_commit_callbacks):
    """The letterhead of the demo's institutions is their own name (Kingsway's once named
    another school), read from the PDF as issued."""
    inst = as_in_the_demo(request.getfixturevalue(fixture), demo)
    letter = decision_to_respondent(inst, request.getfixturevalue(staff),
                                    django_capture_on_commit_callbacks)
    text = text_of(pdf_of(letter))

    assert text.startswith(demo["name"] + " ")
    assert "Political Science" not in text
    assert letter.context["institution"]["name"] == demo["name"]


def test_right_of_appeal_reads_as_a_sentence_without_nested_brackets(
        kingsway, ks, django_capture_on_commit_callbacks):
    letter = decision_to_respondent(kingsway, ks, django_capture_on_commit_callbacks)
    text = text_of(pdf_of(letter))

    assert "within 10 working days (§66). Your appeal must reach us by Wednesday 6 January " \
           "2027" in text
    assert "((" not in text
    assert "))" not in text
    assert "(10 working days" not in text


def test_sending_an_issued_letter_is_recorded_and_audited(
        kingsway, ks, django_capture_on_commit_callbacks):
    """Who it went to, how and when; only staff who may correct the case's letters record it,
    never for a date in the future or before the letter was issued."""
    letter = decision_to_respondent(kingsway, ks, django_capture_on_commit_callbacks)
    with on("2026-12-21", django_capture_on_commit_callbacks):
        with pytest.raises(PermissionDenied):
            letter_delivery_record(letter=letter, actor=ks.investigator, channel="email",
                                   sent_on=d("2026-12-21"))
        with pytest.raises(ValidationError) as future:
            letter_delivery_record(letter=letter, actor=ks.secretary, channel="email",
                                   sent_on=d("2026-12-22"))
        assert "sent_on" in future.value.message_dict
        with pytest.raises(ValidationError) as early:
            letter_delivery_record(letter=letter, actor=ks.secretary, channel="email",
                                   sent_on=d("2026-12-17"))
        assert "sent_on" in early.value.message_dict
        with pytest.raises(ValidationError) as unknown:
            letter_delivery_record(letter=letter, actor=ks.secretary, channel="pigeon",
                                   sent_on=d("2026-12-21"))
        assert "channel" in unknown.value.message_dict
        assert not LetterDelivery.objects.for_institution(kingsway).exists()

        emailed = letter_delivery_record(letter=letter, actor=ks.secretary, channel="email",
                                         sent_on=d("2026-12-18"))
        posted = letter_delivery_record(letter=letter, actor=ks.secretary, channel="post",
                                        sent_on=d("2026-12-21"), to="1 High Street, London")

    assert (emailed.to, emailed.sent_on, emailed.recorded_by) == (
        letter.recipient["email"], dt.date(2026, 12, 18), ks.secretary)
    assert list(letter.deliveries.all()) == [emailed, posted]
    events = AuditEvent.objects.for_institution(kingsway).filter(
        action="letter.delivered", object_type="cases.case", object_id=str(letter.case_id))
    assert [e.changes["channel"] for e in events.order_by("sequence")] == ["email", "post"]


def test_sending_is_recorded_from_the_case_page_and_the_api(
        kingsway, midshire, ms, ks, client, django_capture_on_commit_callbacks):
    """§51, §66: the student is told in writing; the case shows how and when. The page keeps
    what was typed when the date is wrong; the API answers 400 with the field, 403 to staff who
    may not, and another institution's letter is a 404."""
    from rest_framework.test import APIClient

    letter = decision_to_respondent(kingsway, ks, django_capture_on_commit_callbacks)
    page = f"/kingsway/staff/cases/{letter.case_id}/"
    form = f"{page}letters/{letter.pk}/deliveries/"
    api_url = f"/api/v1/kingsway/cases/{letter.case_id}/letters/{letter.pk}/deliveries/"
    with on("2026-12-21", django_capture_on_commit_callbacks):
        client.force_login(ks.secretary)
        assert form in client.get(page).text
        wrong = client.post(form, {"channel": "post", "sent_on": "2026-12-22",
                                   "to": "1 High Street"})
        assert wrong.status_code == 200
        assert "in the future" in wrong.text
        assert 'value="1 High Street"' in wrong.text
        done = client.post(form, {"channel": "post", "sent_on": "2026-12-21",
                                  "to": "1 High Street"})
        assert done.status_code == 302
        assert "Post, 21 Dec 2026" in client.get(page).text

        client.force_login(ks.investigator)
        assert client.get(form).status_code == 403

        api = APIClient()
        api.force_authenticate(ks.secretary)
        bad = api.post(api_url, {"channel": "pigeon", "sent_on": "2026-12-21"}, format="json")
        assert bad.status_code == 400
        assert "channel" in bad.json()["errors"]
        made = api.post(api_url, {"channel": "email", "sent_on": "2026-12-21"}, format="json")
        assert made.status_code == 201
        assert made.json()["delivery"]["to"] == letter.recipient["email"]
        detail = api.get(f"/api/v1/kingsway/cases/{letter.case_id}/").json()
        sent = next(x for x in detail["letters"] if x["id"] == letter.pk)["deliveries"]
        assert [x["channel"] for x in sent] == ["post", "email"]
        api.force_authenticate(ks.investigator)
        assert api.post(api_url, {"channel": "email", "sent_on": "2026-12-21"},
                        format="json").status_code in (403, 404)
        api.force_authenticate(ms.secretary)
        other = f"/api/v1/midshire/cases/{letter.case_id}/letters/{letter.pk}/deliveries/"
        assert api.post(other, {"channel": "email", "sent_on": "2026-12-21"},
                        format="json").status_code == 404
    assert LetterDelivery.objects.for_institution(kingsway).count() == 2
