"""The reporting party gets the letters the procedure says they get: the informal outcome report
(§30 "as well as to the reporting individual"), the decision (§50 "relevant interest", §64), the
appeal's outcome (§69, whether an Appeal outcome letter or the Completion of Procedures letter
that conveys it) and the closure when no appeal is lodged (§66). The Board's notice (§58) and a
Completion of Procedures letter the student asks for after closure (§66) are the student's
alone. Each goes by the reporting party's own agreed route."""

import pytest
from django.core import mail

from cases.models import CaseRole, LetterKind, Party
from cases.services.appeals import appeal_decide, case_close_no_appeal, case_issue_completion_letter
from cases.services.common import assign
from cases.services.contact import contact_preference_set

from ..cases.rules_support import (
    informal_misconduct,
    letters,
    lodge,
    on,
    reload,
    send_notice,
    to_board,
    to_informal,
    to_investigation,
    uphold,
)

pytestmark = pytest.mark.django_db


def recipients(case, kind) -> list[str]:
    return sorted({x.recipient.get("role") for x in letters(case, kind)})


def party_of(case) -> Party:
    return Party.objects.for_institution(case.institution_id).get(
        case=case, kind=Party.Kind.REPORTING_PARTY)


def upheld(inst, st, capture):
    with on("2026-12-18", capture):
        case = to_investigation(inst, st)
        uphold(case, st)
    return reload(case)


def test_reporting_party_receives_the_informal_outcome_report_s30(kingsway, ks, capture):
    with on("2026-12-01", capture):
        case = to_informal(kingsway, ks)
        informal_misconduct(case, ks)
    assert recipients(case, LetterKind.INFORMAL_OUTCOME) == ["reporting_party", "respondent"]


def test_reporting_party_receives_the_decision_as_having_a_relevant_interest_s50(kingsway, ks,
                                                                                 capture):
    case = upheld(kingsway, ks, capture)
    assert recipients(case, LetterKind.FORMAL_DECISION) == ["reporting_party", "respondent"]


def test_reporting_party_receives_appeal_outcome_s69(kingsway, ks, capture):
    """Confirmed: the Completion of Procedures letter conveys the decision (§69-70); referred
    back: the appeal outcome letter. Both go to the reporting party too."""
    confirmed = upheld(kingsway, ks, capture)
    referred = None
    with on("2026-12-18", capture):
        referred = to_investigation(kingsway, ks, respondent={
            "student_id": "20260002", "given_name": "Bo", "family_name": "Other"})
        uphold(referred, ks)
    with on("2027-01-04", capture):
        first = lodge(confirmed, ks, "2027-01-04")
        second = lodge(referred, ks, "2027-01-04")
    with on("2027-01-11", capture):
        for case in (confirmed, referred):
            assign(case=case, user=ks.reviewer, role=CaseRole.APPEAL_REVIEWER, by=ks.secretary)
        appeal_decide(appeal=first, actor=ks.reviewer, result="confirm", reasons="Reasonable")
        appeal_decide(appeal=second, actor=ks.reviewer, result="refer_back",
                      reasons="Reconsider the evidence")
    assert recipients(confirmed, LetterKind.COMPLETION_OF_PROCEDURES) == [
        "reporting_party", "respondent"]
    assert recipients(referred, LetterKind.APPEAL_OUTCOME) == ["reporting_party", "respondent"]
    party_letter = next(x for x in letters(referred, LetterKind.APPEAL_OUTCOME)
                        if x.recipient_key != "respondent")
    assert party_letter.subject == "Outcome of the appeal"
    assert party_letter.status == "issued"


def test_reporting_party_is_told_of_the_closure_when_no_appeal_is_lodged_s66(kingsway, ks,
                                                                            capture):
    case = upheld(kingsway, ks, capture)
    with on("2027-01-07", capture):
        case_close_no_appeal(case=case, actor=ks.secretary)
    assert recipients(case, LetterKind.NO_APPEAL_CLOSURE) == ["reporting_party", "respondent"]


def test_completion_letter_the_student_asks_for_is_theirs_alone_s66(kingsway, ks, capture):
    case = upheld(kingsway, ks, capture)
    with on("2027-01-07", capture):
        case_close_no_appeal(case=case, actor=ks.secretary)
    with on("2027-01-11", capture):
        case_issue_completion_letter(case=case, actor=ks.secretary)
    assert recipients(case, LetterKind.COMPLETION_OF_PROCEDURES) == ["respondent"]


def test_board_notice_is_the_respondents_alone_s58(kingsway, ks, capture):
    with on("2026-11-30", capture):
        case = to_board(to_investigation(kingsway, ks), ks)
        send_notice(case, ks, "2026-12-18")
    assert recipients(case, LetterKind.BOARD_NOTICE) == ["respondent"]


def test_reporting_partys_closure_letter_goes_by_their_own_route(kingsway, ks, capture):
    mail.outbox.clear()
    with on("2026-12-18", capture):
        case = to_investigation(kingsway, ks)
        contact_preference_set(case=case, actor=ks.secretary, party=party_of(case),
                               method="email", email="sam.home@example.org")
        uphold(case, ks)
    with on("2027-01-07", capture):
        case_close_no_appeal(case=case, actor=ks.secretary)
    to_party = [m for m in mail.outbox if m.to == ["sam.home@example.org"]]
    assert len(to_party) == 2  # the decision, then the closure
    assert all(m.attachments == [] for m in to_party)
