"""The case file as the case page and the API's case detail show it, read in one query
(issue 9 §2).

:func:`case_file` reads every row the file shows and every fact the policies ask of the case
and of the person (their training, their declared relationships) with
:func:`core.batch.fetch_together`, puts the rows under the case's related managers
(``case.parties.all()`` ...), and keeps the institution's role labels and case settings on the
institution for the request. :func:`case_file_state` is the :class:`~cases.policies.CaseState`
that judges "What you can do now" from the same rows, so the page and the API cost the same
few queries however much the case holds. Each part is the query the selector or the policy
would have made (same filters, same order); nothing is kept beyond the request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import Membership, User
from audit.models import AuditEvent
from core.batch import attach, fetch_together
from governance.models import RelationshipDeclaration
from institutions.models import Deadline, RoleLabel
from letters.models import LetterDelivery
from precautionary.selectors import breaches_to_refer, group_seats_on_case
from training.selectors import current_qualifications, missing_of

from .conflicts import declarations_about
from .models import (
    Allegation,
    Appeal,
    AppealPanel,
    AppealPanelMember,
    BoardNotice,
    BoardObjection,
    BoardVote,
    Case,
    CaseAssignment,
    CaseDelay,
    CasePause,
    CaseSettings,
    EvidenceDocument,
    Hearing,
    ImposedPenalty,
    InformalReview,
    Letter,
    Outcome,
    Party,
    PauseNotice,
    PenaltyType,
)
from .policies import CaseState
from .selectors import appealable_outcome, case_history, previous_misconduct_outcomes

__all__ = ["CaseFile", "case_file", "case_file_alumni_not_told", "case_file_delay",
           "case_file_state"]


@dataclass
class CaseFile:
    case: Case
    parties: list[Party]
    allegations: list[Allegation]
    #: Every appointment, ended or not, with the person.
    assignments: list[CaseAssignment]
    deadlines: list[Deadline]
    #: With who decided and the penalties (and their types).
    outcomes: list[Outcome]
    #: With the decision appealed against and the grounds.
    appeals: list[Appeal]
    notices: list[BoardNotice]
    #: 004: the appeals panels (with their members and decision) and the reporting
    #: students' informal reviews.
    appeal_panels: list[AppealPanel]
    informal_reviews: list[InformalReview]
    objections: list[BoardObjection]
    hearings: list[Hearing]
    votes: list[BoardVote]
    #: With their sendings.
    letters: list[Letter]
    documents: list[EvidenceDocument]
    pauses: list[CasePause]
    #: The delay letters' records (§44).
    delays: list[CaseDelay]
    history: list[AuditEvent]
    #: Penalty code -> name, for the Board's votes.
    penalty_names: dict[str, str]
    #: Previous proven misconduct (§47-48), when asked for; else None.
    previous: list[Outcome] | None
    #: The person's qualifications in force today, and their declarations about a party.
    qualification_kinds: list[str]
    declarations: list[RelationshipDeclaration]
    #: The places held now on the groups of the linked precautionary matters (conflicts), and
    #: their breaches not yet referred as an allegation (§23).
    group_seats: list
    breaches_to_refer: list


def case_file(*, case: Case, membership: Membership, with_previous: bool,
              today: dt.date | None = None) -> CaseFile:
    """The whole file of ``case`` (loaded with its respondent and institution, by
    ``access_case``) as ``membership``'s member reads it, in one query."""
    today = today or timezone.localdate()
    inst = case.institution
    on_case = {"institution_id": case.institution_id, "case": case}

    def rows(model):
        return model.objects.for_institution(case.institution_id)

    grounds = Appeal.grounds.through.objects.filter(
        appeal__case=case, appeal__institution_id=case.institution_id,
    ).select_related("appealground").order_by("appealground__position", "appealground__code")
    parts = {
        "parties": rows(Party).filter(**on_case),
        "allegations": rows(Allegation).filter(**on_case),
        "assignments": rows(CaseAssignment).filter(**on_case).select_related("user"),
        "deadlines": rows(Deadline).filter(
            content_type=ContentType.objects.get_for_model(Case), object_id=case.pk),
        "outcomes": rows(Outcome).filter(**on_case).select_related("decided_by"),
        "penalties": rows(ImposedPenalty).filter(outcome__case=case)
        .select_related("penalty_type"),
        "appeals": rows(Appeal).filter(**on_case).select_related("against"),
        "grounds": grounds,
        "notices": rows(BoardNotice).filter(**on_case),
        "appeal_panels": rows(AppealPanel).filter(**on_case)
        .select_related("convened_by", "outcome"),
        "panel_members": rows(AppealPanelMember).filter(panel__case=case).select_related("user"),
        "informal_reviews": rows(InformalReview).filter(**on_case)
        .select_related("party", "reviewer", "outcome"),
        "objections": rows(BoardObjection).filter(**on_case).select_related("member"),
        "hearings": rows(Hearing).filter(**on_case),
        "votes": rows(BoardVote).filter(**on_case).select_related("member"),
        "letters": rows(Letter).filter(**on_case).select_related("handover"),
        "deliveries": rows(LetterDelivery).filter(letter__case=case)
        .select_related("recorded_by"),
        "documents": rows(EvidenceDocument).filter(**on_case).select_related("uploaded_by"),
        "pauses": rows(CasePause).filter(**on_case),
        "pause_notices": rows(PauseNotice).filter(pause__case=case),
        "delays": rows(CaseDelay).filter(**on_case),
        "history": case_history(case),
        "penalty_types": rows(PenaltyType),
        "role_labels": rows(RoleLabel),
        "case_settings": rows(CaseSettings),
        "qualifications": current_qualifications(membership, on=today),
        "declarations": rows(RelationshipDeclaration).filter(declarer_id=membership.user_id),
        "opened_by": User.objects.filter(pk=case.opened_by_id),
        "group_seats": group_seats_on_case(case),
        "breaches_to_refer": breaches_to_refer(case),
    }
    if with_previous:
        previous = previous_misconduct_outcomes(case)
        parts["previous"] = previous
        parts["previous_penalties"] = rows(ImposedPenalty).filter(
            outcome__in=previous.values("pk")).select_related("penalty_type")
    found = fetch_together(parts)

    case.opened_by = found["opened_by"][0]
    inst.keep_role_labels(found["role_labels"])
    CaseSettings.keep(inst, found["case_settings"])
    attach(found["outcomes"], "penalties", found["penalties"], key=lambda p: p.outcome_id,
           parent_field="outcome")
    # One through row per (appeal, ground); each row brings its own copy of the ground.
    appeal_of = {id(row.appealground): row.appeal_id for row in found["grounds"]}
    attach(found["appeals"], "grounds", [row.appealground for row in found["grounds"]],
           key=lambda ground: appeal_of[id(ground)])
    attach(found["appeal_panels"], "members", found["panel_members"],
           key=lambda m: m.panel_id, parent_field="panel")
    attach(found["pauses"], "notices", found["pause_notices"], key=lambda n: n.pause_id,
           parent_field="pause")
    attach(found["letters"], "deliveries", found["deliveries"], key=lambda d: d.letter_id,
           parent_field="letter")
    for accessor, name in (("parties", "parties"), ("allegations", "allegations"),
                           ("board_notices", "notices"), ("board_objections", "objections"),
                           ("hearings", "hearings"), ("pauses", "pauses"),
                           ("letters", "letters"), ("documents", "documents"),
                           ("outcomes", "outcomes"), ("appeals", "appeals"),
                           ("assignments", "assignments"), ("board_votes", "votes"),
                           ("appeal_panels", "appeal_panels"),
                           ("informal_reviews", "informal_reviews")):
        attach([case], accessor, found[name], key=lambda row: row.case_id, parent_field="case")
    previous_rows = None
    if with_previous:
        previous_rows = found["previous"]
        attach(previous_rows, "penalties", found["previous_penalties"],
               key=lambda p: p.outcome_id, parent_field="outcome")
    return CaseFile(
        case=case, parties=found["parties"], allegations=found["allegations"],
        assignments=found["assignments"], deadlines=found["deadlines"],
        outcomes=found["outcomes"], appeals=found["appeals"], notices=found["notices"],
        objections=found["objections"], hearings=found["hearings"], votes=found["votes"],
        appeal_panels=found["appeal_panels"], informal_reviews=found["informal_reviews"],
        letters=found["letters"], documents=found["documents"], pauses=found["pauses"],
        delays=found["delays"],
        history=found["history"],
        penalty_names={t.code: t.name for t in found["penalty_types"]},
        previous=previous_rows,
        qualification_kinds=[q.module.purpose for q in found["qualifications"]],
        declarations=declarations_about(found["declarations"], case=case,
                                        parties=found["parties"]),
        group_seats=found["group_seats"], breaches_to_refer=found["breaches_to_refer"],
    )


def case_file_delay(file: CaseFile, today: dt.date | None = None):
    """Will the aim to complete the case be missed (§44)? From the file's rows."""
    from .delay_status import case_delay_status

    return case_delay_status(case=file.case, deadlines=file.deadlines, delays=file.delays,
                             pauses=file.pauses, parties=file.parties,
                             today=today or timezone.localdate())


def case_file_alumni_not_told(file: CaseFile) -> list[str]:
    """§63: penalties ending alumni privileges the alumni team was not told of."""
    from .services.alumni import alumni_not_told

    return alumni_not_told(file.outcomes)


def case_file_state(file: CaseFile, membership: Membership, user,
                    today: dt.date | None = None) -> CaseState:
    """The policies' view of the case, from the file's rows."""
    return CaseState(file.case, membership, user, today=today).preload(
        assignments=file.assignments, hearings=file.hearings, appeals=file.appeals,
        objections=file.objections, deadlines=file.deadlines,
        informal_reviews=file.informal_reviews,
        appealable_outcome=appealable_outcome(file.case, outcomes=file.outcomes),
        missing_training=missing_of(file.qualification_kinds),
        declarations=file.declarations, group_seats=file.group_seats,
        breaches_to_refer=file.breaches_to_refer)
