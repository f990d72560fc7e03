"""The case side of precautionary matters: a breach of a measure or victimisation recorded on a
linked matter is offered to the case's decision maker as a new allegation (§23), on the case
page and in the API; and nobody sitting on the group of a matter linked to a case may take a
place on that case (the other way round from precautionary/conflicts.py)."""

from __future__ import annotations

import pytest

from accounts.models import Membership, MembershipRole
from accounts.roles import Role
from cases.models import Allegation, CaseRole
from cases.policies import state_for
from cases.services.allegations import case_allegation_from_breach
from cases.services.assignments import case_assign
from cases.services.common import TransitionError
from cases.transitions import offers
from precautionary.models import Breach, Matter, MatterMember, MatterRole, Measure
from precautionary.services.followups import breach_record
from precautionary.services.matters import matter_appoint, matter_open, matter_unappoint

from ..cases.api_support import call
from ..cases.api_support import url as api_url
from ..cases.pages import fails, submit
from ..cases.pages import url as page_url
from ..cases.rules_support import at, d, open_case, reload, to_investigation
from .conftest import convened, decided_urgently, student

pytestmark = pytest.mark.django_db

INSTITUTIONS = ["kingsway", "midshire"]
THREAT = "The student threatened a witness in the library."


@pytest.fixture(params=INSTITUTIONS)
def world(request):
    inst = request.getfixturevalue(request.param)
    return inst, request.getfixturevalue("kg" if request.param == "kingsway" else "mg")


def _linked_matter(inst, g, case) -> Matter:
    """The matter linked to ``case`` (Midshire refers every case on its own) with a chair."""
    matter = Matter.objects.for_institution(inst).filter(case=case).first() \
        or matter_open(institution=inst, actor=g.secretary, student=case.respondent, case=case,
                       reason="Threats to a witness", grounds=["protection"])
    if not matter.members.filter(role=MatterRole.CHAIR, ended_at__isnull=True).exists():
        matter_appoint(matter=matter, actor=g.secretary, user=g.chair_pm, role=MatterRole.CHAIR)
    return matter


def _breach(inst, g, *, description=THREAT):
    """A case under investigation, a matter on it with a no-contact measure in force, and a
    breach of that measure recorded by the chair."""
    with at("2026-11-16"):
        case = to_investigation(inst, g)
        matter = convened(inst, g, case=case, who=case.respondent)
        decided_urgently(inst, g, matter, on=d("2026-11-16"))
        measure = Measure.objects.for_institution(inst).get(matter=matter,
                                                            status=Measure.Status.ACTIVE)
    with at("2026-11-20"):
        breach = breach_record(matter=matter, actor=g.chair_pm, kind=Breach.Kind.BREACH,
                               measure=measure, occurred_on=d("2026-11-19"),
                               person_affected="A witness", description=description)
    return reload(case), matter, breach


def _alleged(inst, case) -> list[str]:
    """What is alleged on the case (descriptions are encrypted: compared once read)."""
    return [a.description for a in Allegation.objects.for_institution(inst).filter(case=case)]


def _offers(case, user, key="allegation_add"):
    return [o for o in offers(state_for(case=case, actor=user)) if o.key == key]


def _also(inst, user, role):
    """Give ``user`` another institution role (a group member who is also an investigator)."""
    membership = Membership.objects.for_institution(inst).get(user=user)
    MembershipRole.objects.create(institution=inst, membership=membership, role=role)


# -- a breach becomes a new allegation: the offer ------------------------------------------
def test_breach_of_a_measure_can_open_a_new_allegation_on_the_case(world):
    inst, g = world
    case, matter, breach = _breach(inst, g)
    with at("2026-11-20"):
        (offer,) = _offers(case, g.secretary)
        assert offer.allowed
        assert offer.object_id == breach.pk
        assert matter.reference in offer.label
        assert offer.url.endswith(f"allegations/from-breach/?breach={breach.pk}")
        # Only the decision maker decides what is alleged (§37).
        assert _offers(case, g.investigator) == []
        assert _offers(case, g.chair_pm) == []


def test_each_breach_not_yet_referred_is_offered_once(kingsway, kg):
    case, matter, first = _breach(kingsway, kg)
    with at("2026-11-21"):
        second = breach_record(matter=matter, actor=kg.chair_pm, kind=Breach.Kind.VICTIMISATION,
                               occurred_on=d("2026-11-20"), description="Messages to a witness")
        assert [o.object_id for o in _offers(case, kg.secretary)] == [first.pk, second.pk]
        case_allegation_from_breach(breach=first, actor=kg.secretary, misconduct_type="24.6",
                                    category="harassment", severity="major")
        assert [o.object_id for o in _offers(reload(case), kg.secretary)] == [second.pk]


def test_a_breach_on_a_matter_of_another_case_is_not_offered(kingsway, kg):
    case, matter, breach = _breach(kingsway, kg)
    with at("2026-11-20"):
        other = open_case(kingsway, kg.secretary, respondent={
            "student_id": "20267777", "given_name": "Robin", "family_name": "Other",
            "email": "r.other@student.test", "cohort": "standard",
            "registration_status": "registered"})
        assert _offers(other, kg.secretary) == []


# -- through the pages ----------------------------------------------------------------------
def test_case_page_offers_the_breach_and_the_form_adds_the_allegation(client, world):
    inst, g = world
    case, matter, breach = _breach(inst, g)
    form = page_url(case, "allegations/from-breach/")
    client.force_login(g.secretary)
    with at("2026-11-20"):
        detail = client.get(page_url(case)).text
        assert f"allegations/from-breach/?breach={breach.pk}" in detail
        assert matter.reference in detail
        page = client.get(f"{form}?breach={breach.pk}")
        assert page.status_code == 200
        assert THREAT in page.text
        # Bad input comes back with the problem named and what was typed kept.
        bad = fails(client, form, {"breach": breach.pk, "category": "harassment",
                                   "severity": "major", "description": "Typed by hand"})
        assert "Choose the type of misconduct." in bad.text
        assert "Typed by hand" in bad.text
        assert "Typed by hand" not in _alleged(inst, case)
        submit(client, form, {"breach": breach.pk, "misconduct_type": "24.6",
                              "category": "harassment", "severity": "major"})
    (allegation,) = [a for a in Allegation.objects.for_institution(inst).filter(case=case)
                     if a.description == THREAT]
    assert allegation.misconduct_type == "24.6"
    breach.refresh_from_db()
    assert breach.action == Breach.Action.NEW_ALLEGATION
    with at("2026-11-20"):
        assert f"?breach={breach.pk}" not in client.get(page_url(case)).text
        # Nothing is waiting now: the page says so instead of showing an empty form.
        assert "is waiting to be referred" in client.get(form).text


def test_a_breach_already_referred_is_refused_on_the_form(client, kingsway, kg):
    case, matter, breach = _breach(kingsway, kg)
    form = page_url(case, "allegations/from-breach/")
    client.force_login(kg.secretary)
    with at("2026-11-20"):
        other = breach_record(matter=matter, actor=kg.chair_pm, kind=Breach.Kind.VICTIMISATION,
                              occurred_on=d("2026-11-20"), description="Messages to a witness")
        submit(client, form, {"breach": breach.pk, "misconduct_type": "24.6",
                              "category": "harassment", "severity": "major"})
        # The same breach sent again (a second tab): refused with the reason, nothing added.
        refused = fails(client, form, {"breach": breach.pk, "misconduct_type": "24.6",
                                       "category": "harassment", "severity": "minor"})
        assert "not waiting to be referred" in refused.text
    assert _alleged(kingsway, case).count(THREAT) == 1
    other.refresh_from_db()
    assert other.action == Breach.Action.NONE


def test_only_the_decision_maker_may_open_the_breach_form(client, kingsway, kg, midshire, mg):
    case, matter, breach = _breach(kingsway, kg)
    form = page_url(case, "allegations/from-breach/")
    with at("2026-11-20"):
        client.force_login(kg.investigator)
        assert client.get(form).status_code == 403
        assert client.post(form, {"breach": breach.pk, "misconduct_type": "24.6",
                                  "category": "harassment",
                                  "severity": "major"}).status_code == 403
        client.force_login(mg.secretary)  # the other institution's decision maker
        assert client.get(form).status_code == 404
    breach.refresh_from_db()
    assert breach.action == Breach.Action.NONE


# -- through the API ------------------------------------------------------------------------
def test_api_lists_each_breach_and_refers_it_as_a_new_allegation(world):
    inst, g = world
    case, matter, breach = _breach(inst, g)
    endpoint = api_url(inst, case.pk, "allegations/from-breach")
    body = {"breach": breach.pk, "misconduct_type": "24.6", "category": "harassment",
            "severity": "major"}
    with at("2026-11-20"):
        detail = call(g.secretary, "get", api_url(inst, case.pk), expect=200)
        (entry,) = [a for a in detail["available_actions"] if a["key"] == "allegation_add"]
        assert entry["allowed"]
        assert entry["object_id"] == breach.pk
        bad = call(g.secretary, "post", endpoint, {**body, "misconduct_type": "99.9"},
                   expect=400)
        assert "misconduct_type" in bad["errors"]
        unknown = call(g.secretary, "post", endpoint, {**body, "breach": 999999}, expect=400)
        assert "breach" in unknown["errors"]
        call(g.investigator, "post", endpoint, body, expect=403)
        made = call(g.secretary, "post", endpoint, body, expect=201)
        assert made["allegation"]["description"] == THREAT
        assert made["allegation"]["misconduct_type"] == "24.6"
        again = call(g.secretary, "post", endpoint, body, expect=409)
        assert "already been referred" in again["detail"]
        detail = call(g.secretary, "get", api_url(inst, case.pk), expect=200)
        assert not [a for a in detail["available_actions"] if a["key"] == "allegation_add"]
    assert _alleged(inst, case).count(THREAT) == 1


def test_api_breach_of_another_institution_is_not_found_nor_usable(kingsway, kg, midshire, mg):
    case, matter, breach = _breach(kingsway, kg)
    other_case, other_matter, other_breach = _breach(midshire, mg)
    body = {"misconduct_type": "24.6", "category": "harassment", "severity": "major"}
    with at("2026-11-20"):
        # Another institution's case: 404, before anything else.
        call(mg.secretary, "post", api_url(kingsway, case.pk, "allegations/from-breach"),
             {**body, "breach": breach.pk}, expect=404)
        # Another institution's breach on one's own case: not one of this case's.
        refused = call(kg.secretary, "post",
                       api_url(kingsway, case.pk, "allegations/from-breach"),
                       {**body, "breach": other_breach.pk}, expect=400)
        assert "breach" in refused["errors"]
    for b in (breach, other_breach):
        b.refresh_from_db()
        assert b.action == Breach.Action.NONE


# -- conflicts: a place on the group bars a place on the linked case --------------------------
PLACES = [
    (CaseRole.INVESTIGATOR, Role.INVESTIGATOR),
    (CaseRole.INFORMAL_OFFICER, Role.INFORMAL_RESOLUTION_OFFICER),
    (CaseRole.CLERK, Role.CLERK),
    (CaseRole.BOARD_CHAIR, Role.BOARD_MEMBER),
    (CaseRole.BOARD_ACADEMIC, Role.BOARD_MEMBER),
    (CaseRole.APPEAL_REVIEWER, Role.APPEAL_REVIEWER),
    (CaseRole.CASEWORKER, Role.SUPPORT_CASEWORKER),
]


def _group_member_on(inst, g, case):
    matter = _linked_matter(inst, g, case)
    matter_appoint(matter=matter, actor=g.secretary, user=g.member_pm, role=MatterRole.MEMBER)
    return matter


def test_group_member_cannot_investigate_the_linked_case(world):
    inst, g = world
    _also(inst, g.member_pm, Role.INVESTIGATOR)
    with at("2026-11-16"):
        case = to_investigation(inst, g)
        matter = _group_member_on(inst, g, case)
        with pytest.raises(TransitionError, match=f"sits on the group of precautionary matter "
                                                  f"{matter.reference}"):
            case_assign(case=case, actor=g.secretary, user=g.member_pm,
                        role=CaseRole.INVESTIGATOR)
        # The same person may investigate a case no matter of theirs is linked to.
        other = open_case(inst, g.secretary, respondent={
            "student_id": "20267777", "given_name": "Robin", "family_name": "Other",
            "email": "r.other@student.test", "cohort": "standard",
            "registration_status": "registered"})
        case_assign(case=other, actor=g.secretary, user=g.member_pm,
                    role=CaseRole.INVESTIGATOR)
    assert not case.assignments.filter(user=g.member_pm).exists()


@pytest.mark.parametrize(("case_role", "needs"), PLACES)
def test_group_member_cannot_take_any_place_on_the_linked_case(kingsway, kg, case_role, needs):
    _also(kingsway, kg.member_pm, needs)
    with at("2026-11-16"):
        case = to_investigation(kingsway, kg)
        _group_member_on(kingsway, kg, case)
        with pytest.raises(TransitionError, match="sits on the group"):
            case_assign(case=case, actor=kg.secretary, user=kg.member_pm, role=case_role)
    assert not case.assignments.filter(user=kg.member_pm).exists()


def test_the_groups_chair_cannot_support_a_party_to_the_linked_case(midshire, mg):
    _also(midshire, mg.chair_pm, Role.SUPPORT_CASEWORKER)
    with at("2026-11-16"):
        case = to_investigation(midshire, mg)
        _linked_matter(midshire, mg, case)
        with pytest.raises(TransitionError, match="linked to this case, as its chair"):
            case_assign(case=case, actor=mg.secretary, user=mg.chair_pm,
                        role=CaseRole.CASEWORKER)
        # An ordinary caseworker with no place on the group may.
        case_assign(case=case, actor=mg.secretary, user=mg.caseworker,
                    role=CaseRole.CASEWORKER)


def test_a_place_left_on_the_group_still_bars_the_case(kingsway, kg):
    """Prior involvement: who judged the risk the student poses may not investigate them, even
    after leaving the group (as a place on the case, now or before, bars the group)."""
    _also(kingsway, kg.member_pm, Role.INVESTIGATOR)
    with at("2026-11-16"):
        case = to_investigation(kingsway, kg)
        matter = _group_member_on(kingsway, kg, case)
        seat = MatterMember.objects.for_institution(kingsway).get(
            matter=matter, user=kg.member_pm, ended_at__isnull=True)
        matter_unappoint(member=seat, actor=kg.secretary, reason="Left the group")
        with pytest.raises(TransitionError, match="sat on the group"):
            case_assign(case=case, actor=kg.secretary, user=kg.member_pm,
                        role=CaseRole.INVESTIGATOR)


def test_a_group_member_elsewhere_may_take_a_place_on_this_case(kingsway, kg):
    _also(kingsway, kg.member_pm, Role.INVESTIGATOR)
    with at("2026-11-16"):
        case = to_investigation(kingsway, kg)
        unlinked = matter_open(institution=kingsway, actor=kg.secretary,
                               student=student(kingsway, "20269999"), reason="Threats",
                               grounds=["protection"])
        matter_appoint(matter=unlinked, actor=kg.secretary, user=kg.member_pm,
                       role=MatterRole.MEMBER)
        case_assign(case=case, actor=kg.secretary, user=kg.member_pm,
                    role=CaseRole.INVESTIGATOR)


def test_assign_page_shows_the_group_member_as_unavailable_and_refuses_them(client, world):
    inst, g = world
    _also(inst, g.member_pm, Role.INVESTIGATOR)
    with at("2026-11-16"):
        case = to_investigation(inst, g)
        matter = _group_member_on(inst, g, case)
    client.force_login(g.secretary)
    with at("2026-11-17"):
        page = client.get(page_url(case, "assign/?role=investigator")).text
        assert f"sits on the group of precautionary matter {matter.reference}" in page
        # Sent anyway (a stale page): not one of the people offered.
        response = client.post(page_url(case, "assign/"),
                               {"role": "investigator", "user": g.member_pm.pk})
        assert response.status_code == 200
    assert not case.assignments.filter(user=g.member_pm).exists()


def test_api_refuses_to_appoint_a_group_member_to_the_linked_case(world):
    inst, g = world
    _also(inst, g.member_pm, Role.INVESTIGATOR)
    with at("2026-11-16"):
        case = to_investigation(inst, g)
        _group_member_on(inst, g, case)
        refused = call(g.secretary, "post", api_url(inst, case.pk, "assign"),
                       {"user": g.member_pm.pk, "role": "investigator"}, expect=409)
        assert "sits on the group" in refused["detail"]
    assert not case.assignments.filter(user=g.member_pm).exists()


def test_investigators_actions_are_blocked_while_they_sit_on_the_group(kingsway, kg):
    """A place on the group is a conflict at every action (as a declared relationship is),
    not only at the appointment. The seat is written directly: the matter side refuses the
    investigator a seat (test_gaps.py), so only a row from before that rule has one."""
    with at("2026-11-16"):
        case = to_investigation(kingsway, kg)
        matter = _linked_matter(kingsway, kg, case)
        (evidence,) = _offers(case, kg.investigator, "evidence")
        assert evidence.allowed
        MatterMember.objects.create(institution=kingsway, matter=matter, user=kg.investigator,
                                    role=MatterRole.MEMBER)
        (evidence,) = _offers(reload(case), kg.investigator, "evidence")
        assert not evidence.allowed
        assert f"sits on the group of precautionary matter {matter.reference}" \
            in evidence.refusal
