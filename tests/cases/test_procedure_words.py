"""Each institution's own words (issue 13 item 6): Midshire runs 004, which has section headings
and a Student Discipline Panel, not 002's numbered paragraphs and Board of Discipline. Every
staff page of a Midshire case, its letter list, the letter templates and the API's
``available_actions`` say 004's words; Kingsway's still cite 002's paragraphs."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from accounts.roles import Role
from cases.models import CaseRole, CaseSettings
from cases.procedure_text import ProcedureWords, procedure_words
from cases.services.appeals import appeal_lodge
from cases.services.board import board_decide, board_record_hearing, board_send_notice
from cases.services.common import assign
from cases.services.intake import case_decide_intake, case_open
from cases.services.outcomes import formal_decide
from cases.services.settings import case_settings_set

from ..factories import staff
from .api_support import call
from .api_support import url as api_url
from .conftest import case_data
from .pages import url

pytestmark = pytest.mark.django_db

#: A paragraph of 002 ("§45", "(Appendix B)"); "000 §8" is the prevention policy all share.
PARAGRAPH_002 = re.compile(r"(?<!000 )§\s?\d|Appendix [AB]\b")
KINGSWAY_ONLY = ("Board of Discipline", "Management Committee")


def at(day, hour=10):
    return time_machine.travel(dt.datetime(*day, hour), tick=False)


def walk_to_board_outcome(inst, people, capture):
    """A case from intake through a Board (Panel) decision, with its letters."""
    with at((2026, 11, 3)), capture(execute=True):
        case = case_open(institution=inst, actor=people.secretary, **case_data())
        case_decide_intake(case=case, actor=people.secretary, route="formal",
                           reasons="Serious allegation")
        assign(case=case, user=people.investigator, role=CaseRole.INVESTIGATOR,
               by=people.secretary)
    stages = {"investigation": case.pk}
    with at((2026, 11, 10)), capture(execute=True):
        formal_decide(case=case, actor=people.secretary, result="refer_to_board",
                      reasons="Major misconduct")
        for user, role in ((people.clerk, CaseRole.CLERK), (people.chair, CaseRole.BOARD_CHAIR),
                           (people.su, CaseRole.BOARD_SU_OFFICER),
                           (people.academic, CaseRole.BOARD_ACADEMIC)):
            assign(case=case, user=user, role=role, by=people.secretary)
        board_send_notice(case=case, actor=people.clerk, hearing_date=dt.date(2026, 12, 1),
                          hearing_format="in_person", arrangements="Room 1",
                          evidence_summary="Messages", documents="Screenshots")
    with at((2026, 12, 1), 16), capture(execute=True):
        board_record_hearing(case=case, actor=people.clerk, result="held")
        votes = [{"member": u.pk, "offence_committed": True, "penalties": ["suspension"]}
                 for u in (people.chair, people.su, people.academic)]
        board_decide(case=case, actor=people.clerk, votes=votes, reasons="Proven")
    case.refresh_from_db()
    return case, stages


def pages_seen(client, case, users) -> dict[str, str]:
    """The case page and every page linked from 'What you can do now', for each user; the
    queue; the letter templates and each template's editor."""
    seen = {}
    inst = case.institution
    for user in users:
        client.force_login(user)
        detail = client.get(url(case))
        assert detail.status_code == 200
        seen[f"detail as {user.email}"] = detail.text
        actions = re.search(r'<section id="actions".*?</section>', detail.text, re.S).group(0)
        for link in re.findall(r'<a href="([^"]+)"', actions):
            page = client.get(link.replace("&amp;", "&"))
            assert page.status_code == 200, (link, page.status_code)
            seen[f"{link} as {user.email}"] = page.text
    queue = client.get(f"/{inst.slug}/staff/cases/")
    assert queue.status_code == 200
    seen["queue"] = queue.text
    client.force_login(users[0])
    form = client.get(f"/{inst.slug}/staff/cases/new/")
    assert form.status_code == 200
    seen["open a case"] = form.text
    return seen


def letter_template_pages(client, inst, admin) -> dict[str, str]:
    client.force_login(admin)
    listing = client.get(f"/{inst.slug}/staff/letters/templates/")
    assert listing.status_code == 200
    seen = {"letter templates": listing.text}
    for kind in ("formal_decision", "board_notice", "board_decision", "appeal_outcome",
                 "completion_of_procedures", "no_appeal_closure", "informal_outcome"):
        page = client.get(f"/{inst.slug}/staff/letters/templates/{kind}/")
        assert page.status_code == 200
        seen[f"template {kind}"] = re.search(r"<h1>.*?</h1>", page.text, re.S).group(0)
    return seen


def visible(html: str) -> str:
    """The words a person reads: no tags, scripts or attribute values."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_midshire_pages_show_004_words_not_kingsway_paragraphs(
        midshire, ms, django_capture_on_commit_callbacks):
    client = Client()
    with at((2026, 11, 3)), django_capture_on_commit_callbacks(execute=True):
        intake_case = case_open(institution=midshire, actor=ms.secretary,
                                **case_data(respondent={
                                    "student_id": "20260002", "given_name": "Bo",
                                    "family_name": "Other", "email": "b@student.test",
                                    "cohort": "standard", "registration_status": "registered"}))
    case, _ = walk_to_board_outcome(midshire, ms, django_capture_on_commit_callbacks)
    with at((2026, 12, 3)):
        seen = pages_seen(client, intake_case, [ms.secretary])
        seen.update(pages_seen(client, case, [ms.secretary, ms.clerk, ms.chair]))
        appeal_lodge(case=case, actor=ms.clerk, received_on=dt.date(2026, 12, 3),
                     grounds=["bias"], summary="Bias", contact="a@b.c",
                     decision_received_on=dt.date(2026, 12, 1))
        assign(case=case, user=ms.reviewer, role=CaseRole.APPEAL_REVIEWER, by=ms.secretary)
        seen.update({f"appeal {k}": v for k, v in
                     pages_seen(client, case, [ms.secretary, ms.reviewer]).items()})
        admin = staff(midshire, Role.INSTITUTION_ADMIN, email="admin@midshire.test")
        seen.update(letter_template_pages(client, midshire, admin))
        detail = call(ms.secretary, "get", api_url(midshire, case.pk), expect=200)
        letters = call(ms.secretary, "get", api_url(midshire, case.pk, "letters"), expect=200)
        queue = call(ms.secretary, "get", api_url(midshire), expect=200)

    assert len(seen) > 15
    leaks = sorted({" ".join(text[max(0, m.start() - 60):m.end() + 20].split())
                    for text in map(visible, seen.values())
                    for m in PARAGRAPH_002.finditer(text)})
    assert leaks == [], "\n".join(leaks)
    for where, html in seen.items():
        for words in KINGSWAY_ONLY:
            assert words not in visible(html), (where, words)
    # 004's own words are shown instead: its section headings and its Panel.
    assert "004, The decision-making process" in seen[f"detail as {ms.secretary.email}"]
    assert "Student Discipline Panel" in seen[f"detail as {ms.secretary.email}"]
    assert "Interpersonal Non-Academic Misconduct (INAM) report" in seen["open a case"]
    actions = detail["available_actions"]
    assert actions
    for action in actions:
        for value in (action["label"], action["paragraph"], action["refusal"]):
            assert not PARAGRAPH_002.search(value), action
    assert any(a["paragraph"].startswith("004, ") for a in actions)
    # The API's deadlines and the queue's "next deadline for" are in 004's words too.
    said = [text for d in detail["deadlines"] for text in (d["purpose"], d["rule_description"])]
    said += [row["next_purpose"] or "" for row in queue["results"]]
    assert len(said) > 4
    for text in said:
        assert not PARAGRAPH_002.search(text), text
        for words in KINGSWAY_ONLY:
            assert words not in text, (text, words)
    rows = letters["results"] if isinstance(letters, dict) else letters
    assert rows
    for letter in rows:
        assert not PARAGRAPH_002.search(letter["kind_label"]), letter["kind_label"]


def test_kingsway_pages_still_cite_002_paragraphs(
        kingsway, ks, django_capture_on_commit_callbacks):
    client = Client()
    case, _ = walk_to_board_outcome(kingsway, ks, django_capture_on_commit_callbacks)
    with at((2026, 12, 3)):
        seen = pages_seen(client, case, [ks.secretary, ks.clerk])
        detail = call(ks.secretary, "get", api_url(kingsway, case.pk), expect=200)
    page = visible(seen[f"detail as {ks.secretary.email}"])
    assert "Notice of the Board of Discipline (§58)" in page
    assert "Type (§24)" in page
    assert "Summary (Appendix A)" in page
    assert "Open a case: Alleged Misconduct Form" in seen["open a case"]
    assert "type of misconduct (§24)" in seen["open a case"]
    assert {a["paragraph"] for a in detail["available_actions"]} & {
        "§33, §66", "§66", "§39, §53, §55"}


def test_an_institution_may_word_a_reference_its_own_way(midshire):
    """CaseSettings.wording overrides a key's reference; an empty text hides it."""
    admin = staff(midshire, Role.INSTITUTION_ADMIN, email="admin@midshire.test")
    case_settings_set(institution=midshire, actor=admin,
                      wording={"action.formal_decision": "Senate Regulation 11.4",
                               "precautionary": ""})
    CaseSettings.forget(midshire)
    words = procedure_words(midshire)
    assert words.ref("action.formal_decision", "§45-51") == "Senate Regulation 11.4"
    assert words.cite("precautionary") == ""
    assert words.cite("action.appeal_decision", "§35, §69") == " (004, Appeal process)"


def test_a_002_citation_in_a_text_becomes_the_004_section_that_covers_it():
    words = ProcedureWords("004", board="Student Discipline Panel")
    assert words.say("Give the Board's reasons (§64).") == (
        "Give the Student Discipline Panel's reasons (004, The decision-making process).")
    assert words.say("The student may object within 5 working days of the notice (§58).") == (
        "The student may object within 5 working days of the notice.")
    assert words.say("Record an appeal (§33, §66; Appendix B)") == (
        "Record an appeal (004, Appeal process)")
    assert words.say("Mitigation §47.3-47.4") == "Mitigation"
    assert words.say("Training has lapsed (000 §1b).") == "Training has lapsed (000 §1b)."
    kingsway = ProcedureWords("002", board="Board of Discipline")
    assert kingsway.say("Give the Board's reasons (§64).") == "Give the Board's reasons (§64)."


@pytest.mark.parametrize(("institution", "said"), [
    ("midshire", "(004, How your report will be considered)"), ("kingsway", "(§25)")])
def test_api_refusals_say_the_institutions_own_reference(request, institution, said):
    inst = request.getfixturevalue(institution)
    people = request.getfixturevalue("ms" if institution == "midshire" else "ks")
    with at((2026, 11, 3)):
        case = case_open(institution=inst, actor=people.secretary, **case_data())
        answer = call(people.secretary, "post", api_url(inst, case.pk, "intake-decision"),
                      {"route": "informal", "reasons": "Try informally"}, expect=409)
    text = str(answer)
    assert f"Informal resolution is for minor misconduct {said}" in text
    if institution == "midshire":
        assert not PARAGRAPH_002.search(text)


def test_wording_that_is_not_key_and_text_is_refused(midshire):
    from django.core.exceptions import ValidationError

    admin = staff(midshire, Role.INSTITUTION_ADMIN, email="admin@midshire.test")
    with pytest.raises(ValidationError) as refused:
        case_settings_set(institution=midshire, actor=admin, wording={"precautionary": 3})
    assert "wording" in refused.value.message_dict
