"""Each institution's disciplinary catalogue: penalties with authority limits, grounds of
appeal, and letter templates. Two shapes ship: the 002 procedure (the default) and the second
university's (004), which the demo's Midshire uses."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from institutions.models import RoleLabel
from institutions.procedure import DEFAULT_ROLE_LABELS

from ..models import (
    AppealGround,
    AppealRoute,
    Authority,
    CaseSettings,
    PenaltyAuthority,
    PenaltyType,
)
from .letter_defaults import ensure_letter_templates

INF, D, B, S, H = (Authority.INFORMAL_OFFICER, Authority.DECISION_MAKER, Authority.BOARD,
                 Authority.SENATE, Authority.HEAD_OF_SCHOOL)

#: (code, name, reference, authorities, options). Options: fine bounds, on file, alumni.
PenaltyRow = tuple[str, str, str, list[str], dict[str, Any]]
PENALTIES_002: list[PenaltyRow] = [
    ("verbal_warning", "Formal verbal warning (not recorded on the student's record)",
     "§49.2", [INF, D], {"recorded_on_file": False}),
    ("written_warning", "Formal warning noted on the student's file", "§49.3, §62.1",
     [D, B], {}),
    # Appendix C's table lists a final written warning beside the formal warning of §49.3.
    ("final_written_warning", "Final written warning", "Appendix C", [D, B], {}),
    ("apology", "Formal written apology", "§49.4, §62.2", [INF, D, B], {}),
    ("training", "Appropriate training", "§49.5, §62.3", [INF, D, B], {}),
    ("fine", "A fine", "§49.6, §62.4", [D, B], {"is_fine": True}),
    ("restitution", "Make good the cost of damage or loss", "§49.7, §62.5", [D, B],
     {"takes_amount": True}),
    ("service_order", "An order of Service to the School", "§49.8, §62.6", [D, B], {}),
    ("exclusion", "Exclusion from the School or defined areas, facilities or halls",
     "§49.9, §62.7", [D, B], {"ends_alumni_privileges": True}),
    ("suspension", "Suspension from studies, events or activities for a fixed period",
     "§49.10, §62.8", [D, B], {"ends_alumni_privileges": True}),
    ("conviction_conditions", "Conditions on access to facilities following a criminal "
     "conviction", "§49.11, §62.9", [D, B], {"needs_criminal_conviction": True}),
    # Appendix C (major misconduct; "a less serious penalty and vice versa"): penalties the
    # numbered lists of §49 and §62 do not name, "not limited to" them. Major misconduct is
    # decided formally (§25), so the Secretary and the Board impose them, not the informal
    # officer.
    ("no_contact", "Require the student to have no contact, or restricted contact, with a "
     "specified person or persons", "Appendix C", [D, B], {}),
    ("restrictions", "Restrictions/Conditions placed on the student", "Appendix C", [D, B],
     {}),
    ("expulsion", "Expulsion from the School", "§62.10", [B],
     {"ends_alumni_privileges": True}),
]

#: The Appendix C rows added to existing 002 catalogues by migration 0010 (codes).
APPENDIX_C_CODES = ("final_written_warning", "no_contact", "restrictions")

#: 004's sanctions table, "who can authorise them": the Head of School or nominee (H), the
#: Academic Registrar or nominee (D, up to £250 of a fine), the Student Discipline Panel (B),
#: Senate. The informal route imposes under the Head of School's power
#: (``CaseSettings.informal_authority``); nothing in 004 gives the informal officer a power.
PENALTIES_004: list[PenaltyRow] = [
    ("reprimand", "Reprimand", "Sanctions table", [H, D, B], {"recorded_on_file": False}),
    ("written_warning", "Formal written warning", "Sanctions table", [H, D, B], {}),
    ("apology", "Written apology to those affected", "Sanctions table", [H, D, B], {}),
    ("training", "Training, personal development or educational resources", "Sanctions table",
     [H, D, B], {}),
    ("damages", "Payment for damages", "Sanctions table", [H, D, B], {"takes_amount": True}),
    ("fine", "A fine (£50 to £1,000)", "Sanctions table", [D, B],
     {"is_fine": True, "fine_minimum": Decimal("50"), "fine_maximum": Decimal("1000"),
      "caps": {D: Decimal("250")}}),
    ("privileges", "Suspension of specific academic or non-academic privileges",
     "Sanctions table", [D, B], {}),
    ("no_contact_order", "No-Contact Order with named students", "Sanctions table", [D, B],
     {}),
    ("congregation_exclusion", "Exclusion from Degree Congregation", "Sanctions table", [B],
     {}),
    ("building_exclusion", "Exclusion from specific buildings or facilities for a fixed period",
     "Sanctions table", [B], {"ends_alumni_privileges": True}),
    ("suspension", "Suspension from the University for a fixed period", "Sanctions table",
     [B], {"ends_alumni_privileges": True}),
    ("expulsion", "Permanent exclusion from the University (expulsion)", "Sanctions table",
     [B, D], {"ends_alumni_privileges": True, "conviction_only": {D}}),
    ("no_reapply", "Prohibited from re-applying to the University", "Sanctions table", [B],
     {}),
    ("award_revocation", "Revocation of a University award", "Sanctions table", [S],
     {"ends_alumni_privileges": True}),
]

GROUNDS_002: list[tuple[str, str, str]] = [
    ("procedural_flaw", "A significant procedural flaw or irregularity that compromised the "
     "fairness of the process", "§34.1, §67.1"),
    ("new_evidence", "New material evidence, with an explanation of why it is submitted at "
     "this late stage", "§34.2, §67.2"),
    ("unreasonable", "The outcome is unreasonable or disproportionate", "§34.3, §67.3"),
    ("bias", "Bias or a reasonable perception of bias during the procedure", "§34.4, §67.4"),
]

GROUNDS_004: list[tuple[str, str, str]] = [
    ("procedural_irregularity", "A procedural irregularity in the consideration of the case",
     "Appeals"),
    ("evidence_not_considered", "Evidence available was not fully considered", "Appeals"),
    ("bias", "Prejudice or bias in the conduct of the Authorised Officer or Panel", "Appeals"),
    ("unreasonable", "The decision was unreasonable", "Appeals"),
    ("excessive", "The sanction imposed was excessive", "Appeals"),
    ("new_evidence", "New material evidence that for good reason was not available",
     "Appeals"),
]

GroundRow = tuple[str, str, str]
SHAPES: dict[str, tuple[list[PenaltyRow], list[GroundRow]]] = {
    "002": (PENALTIES_002, GROUNDS_002), "004": (PENALTIES_004, GROUNDS_004)}

#: What each shape calls its bodies, whose words its pages use (cases/procedure_text.py),
#: and whether a short-programme Board may sit as two:
#: 002 §54 allows it; 004's Student Discipline Panel always sits as three.
SETTINGS: dict[str, dict[str, Any]] = {
    "002": {"board_label": "Board of Discipline", "appeal_body_label": "Management Committee",
            "short_programme_board_of_two": True, "delay_aim_rule": "formal_target",
            "appeal_route": AppealRoute.COMMITTEE,
            "reporting_party_review": False, "informal_authority": INF,
            "procedure_shape": "002"},
    # 004: appeals go to a designated member, who may convene an appeals panel; a reporting
    # student cannot appeal but may ask for an informal review.
    "004": {"board_label": "Student Discipline Panel",
            "appeal_body_label": "Designated member",
            "short_programme_board_of_two": False,
            # 004: "We aim to complete investigations within 90 days".
            "delay_aim_rule": "investigation_target",
            "appeal_route": AppealRoute.DESIGNATED_MEMBER, "reporting_party_review": True,
            "informal_authority": H, "procedure_shape": "004"},
}

#: 004's names for the people of its procedure, replacing 002's Kingsway-only defaults
#: (institutions.procedure.DEFAULT_ROLE_LABELS) that the institution has not edited; a role
#: with the generic label ("Investigator") keeps it.
ROLE_LABELS: dict[str, dict[str, str]] = {
    "004": {"decision_maker": "Academic Registrar",
            "informal_resolution_officer": "Head of Student Conduct",
            "clerk": "Panel Secretary",
            "board_member": "Student Discipline Panel member",
            "appeal_reviewer": "Designated member",
            "support_caseworker": "Standing Together caseworker"},
}


def _role_labels_apply(institution, shape: str) -> None:
    for role, label in ROLE_LABELS.get(shape, {}).items():
        row = RoleLabel.objects.for_institution(institution).filter(role=role).first()
        if row is not None and row.label == DEFAULT_ROLE_LABELS.get(role):
            row.label = label
            row.save(update_fields=["label"])
    institution._role_labels = None


@transaction.atomic
def disciplinary_catalogue_apply(*, institution, shape: str = "002") -> None:
    """Create the settings and catalogue rows the institution does not have yet (edits are
    kept)."""
    CaseSettings.objects.for_institution(institution).get_or_create(
        institution=institution, defaults=SETTINGS[shape])
    CaseSettings.forget(institution)
    _role_labels_apply(institution, shape)
    penalties, grounds = SHAPES[shape]
    for position, (code, name, reference, authorities, options) in enumerate(penalties):
        options = dict(options)
        caps = options.pop("caps", {})
        conviction_only = options.pop("conviction_only", set())
        penalty, created = PenaltyType.objects.for_institution(institution).get_or_create(
            institution=institution, code=code,
            defaults={"name": name, "reference": reference, "position": position, **options})
        if not created:
            continue
        for authority in authorities:
            PenaltyAuthority.objects.create(
                institution=institution, penalty_type=penalty, authority=authority,
                maximum_fine=caps.get(authority),
                only_on_criminal_conviction=authority in conviction_only)
    for position, (code, text, reference) in enumerate(grounds):
        AppealGround.objects.for_institution(institution).get_or_create(
            institution=institution, code=code,
            defaults={"text": text, "reference": reference, "position": position})
    ensure_letter_templates(institution=institution)
