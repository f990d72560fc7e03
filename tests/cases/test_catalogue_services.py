"""The penalty catalogue (who may impose what, up to which fine) and the grounds of appeal
change only through their services, each change audited (issue 8 §4)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import AppealGround, Authority, PenaltyAuthority, PenaltyType
from cases.services import appeal_grounds, penalties
from tests.audit_support import actions, events
from tests.core.test_admin import errors_of, management

pytestmark = pytest.mark.django_db


def penalty(institution, code):
    return PenaltyType.objects.for_institution(institution).get(code=code)


def power(institution, code, authority):
    return PenaltyAuthority.objects.for_institution(institution).get(
        penalty_type__code=code, authority=authority)


@pytest.fixture
def midshire_admin(outsider):
    return outsider  # Midshire's registrar is also its institution admin


def test_raising_a_bodys_fine_ceiling_records_old_and_new(midshire, midshire_admin):
    fine = penalty(midshire, "fine")
    penalties.penalty_authority_set(penalty_type=fine, authority=Authority.DECISION_MAKER,
                                    maximum_fine=Decimal("300"), actor=midshire_admin)

    assert power(midshire, "fine", Authority.DECISION_MAKER).maximum_fine == Decimal("300")
    [event] = events(midshire)
    assert (event.action, event.changes["penalty"], event.changes["authority"]) == (
        "cases.penalty_authority_set", "fine", Authority.DECISION_MAKER)
    assert event.changes["changed"] == {"maximum_fine": {"from": "250.00", "to": "300"}}


def test_taking_a_power_away_is_recorded_and_then_refused_at_decision_time(kingsway,
                                                                          kingsway_admin):
    penalties.penalty_authority_remove(
        penalty_authority=power(kingsway, "fine", Authority.DECISION_MAKER), actor=kingsway_admin)
    assert actions(kingsway) == ["cases.penalty_authority_removed"]
    assert not PenaltyAuthority.objects.for_institution(kingsway).filter(
        penalty_type__code="fine", authority=Authority.DECISION_MAKER).exists()


@pytest.mark.parametrize(("code", "ceiling", "message"), [
    ("reprimand", Decimal("100"), "is not a fine"),
    ("fine", Decimal("5000"), "No fine may exceed £1,000.00"),
    ("fine", Decimal("10"), "A fine is at least £50.00"),
])
def test_a_ceiling_outside_the_penalty_is_a_field_error_and_writes_nothing(
        midshire, midshire_admin, code, ceiling, message):
    with pytest.raises(ValidationError) as refused:
        penalties.penalty_authority_set(penalty_type=penalty(midshire, code),
                                        authority=Authority.BOARD, maximum_fine=ceiling,
                                        actor=midshire_admin)
    assert message in refused.value.message_dict["maximum_fine"][0]
    assert events(midshire) == []


@pytest.mark.parametrize("who", ["outsider", "decision_maker"])
def test_only_this_institutions_admin_may_change_the_catalogue(request, kingsway, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        penalties.penalty_authority_set(penalty_type=penalty(kingsway, "fine"),
                                        authority=Authority.INFORMAL_OFFICER, actor=actor)
    with pytest.raises(PermissionDenied):
        appeal_grounds.appeal_ground_add(institution=kingsway, actor=actor, code="new",
                                         text="A new ground")
    assert events(kingsway) == []


def test_appeal_grounds_are_added_and_reworded(kingsway, kingsway_admin):
    ground = appeal_grounds.appeal_ground_add(institution=kingsway, actor=kingsway_admin,
                                              code="evidence", text="New evidence",
                                              reference="§67.5", position=9)
    appeal_grounds.appeal_ground_update(ground=ground, actor=kingsway_admin,
                                        text="New material evidence")
    added, changed = events(kingsway)
    assert (added.action, added.changes["code"]) == ("cases.appeal_ground_added", "evidence")
    assert changed.changes["changed"] == {
        "text": {"from": "New evidence", "to": "New material evidence"}}

    with pytest.raises(ValidationError) as refused:
        appeal_grounds.appeal_ground_add(institution=kingsway, actor=kingsway_admin,
                                         code="evidence", text="Again")
    assert refused.value.messages
    assert AppealGround.objects.for_institution(kingsway).filter(code="evidence").count() == 1


def test_a_penalty_authority_changed_in_the_admin_is_recorded_once(client, midshire,
                                                                  midshire_admin):
    outsider = midshire_admin
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    fine = penalty(midshire, "fine")
    powers = list(PenaltyAuthority.objects.for_institution(midshire).filter(penalty_type=fine)
                  .order_by("pk"))
    data = {"institution": str(midshire.pk), "code": fine.code, "name": fine.name,
            "reference": fine.reference,
            "is_fine": "on", "fine_minimum": "50.00", "fine_maximum": "1000.00",
            "recorded_on_file": "on", "position": str(fine.position),
            **management("authorities", total=len(powers), initial=len(powers))}
    for i, row in enumerate(powers):
        data.update({f"authorities-{i}-id": str(row.pk),
                     f"authorities-{i}-penalty_type": str(fine.pk),
                     f"authorities-{i}-authority": row.authority,
                     f"authorities-{i}-maximum_fine": "200.00"
                     if row.authority == Authority.DECISION_MAKER
                     else str(row.maximum_fine or "")})
    response = client.post(f"/admin/cases/penaltytype/{fine.pk}/change/", data)
    assert response.status_code == 302, errors_of(response)
    assert actions(midshire) == ["cases.penalty_authority_set"]
    assert events(midshire)[0].changes["changed"] == {
        "maximum_fine": {"from": "250.00", "to": "200.00"}}


def test_a_letter_template_changed_in_the_admin_goes_through_its_service(client, kingsway,
                                                                        kingsway_admin):
    from cases.models import LetterTemplate

    client.force_login(kingsway_admin)
    template = LetterTemplate.objects.for_institution(kingsway).get(kind="formal_decision")
    url = f"/admin/letters/lettertemplate/{template.pk}/change/"
    response = client.post(url, {"subject": "Decision on {{ case.reference }}",
                                 "body": template.body})
    assert response.status_code == 302, errors_of(response)
    assert actions(kingsway) == ["letter_template.updated"]

    silenced = client.post(url, {"subject": template.subject,
                                 "body": template.body + "<p>You must keep this confidential."
                                 "</p>"})
    assert silenced.status_code == 200  # a form error, as before
    assert actions(kingsway) == ["letter_template.updated"]
    assert client.get("/admin/letters/lettertemplate/add/").status_code == 403
