"""Choices shared by the case models: stages, misconduct types (§24), Appendix C categories."""

from django.db import models


class Stage(models.TextChoices):
    INTAKE = "intake", "Decision whether to proceed"
    INFORMAL_RESOLUTION = "informal_resolution", "Informal resolution"
    INFORMAL_OUTCOME = "informal_outcome", "Informal outcome issued (appeal window open)"
    INVESTIGATION = "investigation", "Formal investigation"
    FORMAL_OUTCOME = "formal_outcome", "Formal decision issued (appeal window open)"
    BOARD_NOTICE = "board_notice", "Referred to the Board (notice due)"
    BOARD_HEARING = "board_hearing", "Board hearing arranged"
    BOARD_OUTCOME = "board_outcome", "Board decision issued (appeal window open)"
    APPEAL = "appeal", "Appeal under review"
    CLOSED = "closed", "Closed"
    REFERRED = "referred", "Referred elsewhere"
    NO_ACTION = "no_action", "No action"


OPEN_STAGES = frozenset(
    {
        Stage.INTAKE,
        Stage.INFORMAL_RESOLUTION,
        Stage.INFORMAL_OUTCOME,
        Stage.INVESTIGATION,
        Stage.FORMAL_OUTCOME,
        Stage.BOARD_NOTICE,
        Stage.BOARD_HEARING,
        Stage.BOARD_OUTCOME,
        Stage.APPEAL,
    }
)
APPEAL_WINDOW_STAGES = frozenset({Stage.INFORMAL_OUTCOME, Stage.FORMAL_OUTCOME,
                                  Stage.BOARD_OUTCOME})


class RegistrationStatus(models.TextChoices):
    """§4: registered students, including those on interruption or suspension; normally not
    withdrawn, expelled, terminated or completed students (§4.3)."""

    REGISTERED = "registered", "Registered"
    INTERRUPTED = "interrupted", "On authorised interruption"
    SUSPENDED = "suspended", "Temporarily suspended"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPELLED = "expelled", "Expelled"
    TERMINATED = "terminated", "Registration terminated"
    COMPLETED = "completed", "Completed programme (graduated)"


OUTSIDE_PROCEDURE = frozenset({RegistrationStatus.WITHDRAWN, RegistrationStatus.EXPELLED,
                               RegistrationStatus.TERMINATED, RegistrationStatus.COMPLETED})


class MisconductType(models.TextChoices):
    """§24.1-24.17 (indicative, not exhaustive)."""

    T24_1 = "24.1", "24.1 Disrupting teaching, study, research or administration"
    T24_2 = "24.2", "24.2 Failing to comply with reasonable instructions"
    T24_3 = "24.3", "24.3 Failing to inform the institution of criminal proceedings"
    T24_4 = "24.4", "24.4 Causing or threatening injury, endangering safety"
    T24_5 = "24.5", "24.5 Dishonest or fraudulent behaviour"
    T24_6 = "24.6", "24.6 Abusive conduct, bullying or harassment (incl. sexual harassment)"
    T24_7 = "24.7", "24.7 Damaging or defacing property"
    T24_8 = "24.8", "24.8 Causing a health and safety concern"
    T24_9 = "24.9", "24.9 Bringing the institution into disrepute"
    T24_10 = "24.10", "24.10 Breach of regulations, policies or accommodation rules"
    T24_11 = "24.11", "24.11 Criminal act, on or off premises"
    T24_12 = "24.12", "24.12 Improper use of facilities or IT"
    T24_13 = "24.13", "24.13 Unauthorised use of the institution's name or address"
    T24_14 = "24.14", "24.14 Unauthorised use of trademarks"
    T24_15 = "24.15", "24.15 Unauthorised recording of lectures or events"
    T24_16 = "24.16", "24.16 Breach of data protection law"
    T24_17 = "24.17", "24.17 Breach of student visa conditions"


class MisconductCategory(models.TextChoices):
    """Appendix C categories."""

    PHYSICAL = "physical", "Physical misconduct / violence and anti-social behaviour"
    SEXUAL = "sexual", "Sexual misconduct"
    HARASSMENT = "harassment", "Harassment and bullying / hate incident or crime"
    PROPERTY_DAMAGE = "property_damage", "Damage to property"
    PROPERTY_USE = "property_use", "Unauthorised use or taking of property"
    HEALTH_SAFETY = "health_safety", "Health or safety concern / illegal substances"
    OBSTRUCTION = "obstruction", "Operational obstruction"
    REPUTATION = "reputation", "Reputational damage"


class Severity(models.TextChoices):
    MAJOR = "major", "Major"
    MINOR = "minor", "Minor"


class CaseRole(models.TextChoices):
    """Roles a member of staff can hold on one case. Each maps to an institution role."""

    DECISION_MAKER = "decision_maker", "Decision maker"
    INFORMAL_OFFICER = "informal_officer", "Informal resolution officer"
    INVESTIGATOR = "investigator", "Investigator"
    CLERK = "clerk", "Clerk"
    BOARD_CHAIR = "board_chair", "Chair of the Board"
    BOARD_SU_OFFICER = "board_su_officer", "Students' Union officer on the Board"
    BOARD_ACADEMIC = "board_academic", "Academic member of the Board"
    APPEAL_REVIEWER = "appeal_reviewer", "Appeal reviewer"
    CASEWORKER = "caseworker", "Support caseworker"
    APPEAL_PANEL_CHAIR = "appeal_panel_chair", "Chair of the appeals panel"
    APPEAL_PANEL_MEMBER = "appeal_panel_member", "Member of the appeals panel"
    INDEPENDENT_REVIEWER = "independent_reviewer", "Independent reviewer"


BOARD_ROLES = (CaseRole.BOARD_CHAIR, CaseRole.BOARD_SU_OFFICER, CaseRole.BOARD_ACADEMIC)
APPEAL_PANEL_ROLES = (CaseRole.APPEAL_PANEL_CHAIR, CaseRole.APPEAL_PANEL_MEMBER)


class Authority(models.TextChoices):
    """Who decides a penalty: the body whose decision it is (authority limits)."""

    INFORMAL_OFFICER = "informal_officer", "Informal resolution officer"
    DECISION_MAKER = "decision_maker", "Decision maker"
    BOARD = "board", "Board / panel"
    SENATE = "senate", "Senate"
    #: 004's sanctions table: the less serious sanctions.
    HEAD_OF_SCHOOL = "head_of_school", "Head of School or nominee"


class AppealRoute(models.TextChoices):
    """How an institution hears an appeal (``CaseSettings.appeal_route``)."""

    COMMITTEE = "committee", ("The appeal body reviews on paper: confirm, amend, overturn, "
                              "refer back or order a re-hearing (002 §35, §69)")
    DESIGNATED_MEMBER = "designated_member", (
        "A designated member reviews: dismisses an appeal without grounds, changes the "
        "penalty or fixes the procedural issue, or convenes an appeals panel of three (004)")
