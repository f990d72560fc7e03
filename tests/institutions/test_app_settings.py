"""Each app keeps its own settings of an institution in its own model, linked one-to-one
(issue 8 §3): ``cases.CaseSettings`` (names of the Board and the appeal body, a Board of two
for short programmes, 002 §54) and ``reporting.ReportingSettings`` (who sees a named reporter,
the team address). They are edited on the institution's admin page, through the apps' audited
services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from audit.models import AuditEvent
from cases.models import CaseSettings
from cases.services.settings import case_settings_set
from reporting.models import ReportingSettings
from reporting.services.settings import reporting_settings_set
from tests.core.test_admin import INSTITUTIONS, errors_of, institution_form, management

pytestmark = pytest.mark.django_db


def settings_form(prefix, **values):
    data = {**management(prefix, total=1)}
    data.update({f"{prefix}-0-{name}": value for name, value in values.items()})
    return data


def test_an_institution_without_settings_has_the_002_defaults(kingsway):
    CaseSettings.objects.for_institution(kingsway).delete()
    CaseSettings.forget(kingsway)
    procedure = CaseSettings.of(kingsway)
    assert procedure.pk is None
    assert (procedure.board_label, procedure.appeal_body_label) == (
        "Board of Discipline", "Management Committee")
    assert procedure.short_programme_board_of_two is True
    assert ReportingSettings.of(kingsway).custodian_roles() == [Role.SUPPORT_CASEWORKER]


def test_institution_admin_renames_the_board_on_the_institution_page_audited(
        client, kingsway, kingsway_admin):
    client.force_login(kingsway_admin)
    CaseSettings.objects.for_institution(kingsway).delete()
    response = client.post(f"{INSTITUTIONS}{kingsway.pk}/change/", {
        **institution_form(kingsway, **management("closureday")),
        **settings_form("casesettings", institution=str(kingsway.pk),
                        board_label="Conduct Panel", appeal_body_label="Appeals Committee",
                        short_programme_board_of_two="", delay_aim_rule="formal_target",
                        delay_warning_working_days="5", appeal_route="committee",
                        informal_authority="informal_officer", procedure_shape="002",
                        wording="{}"),
    })
    assert response.status_code == 302, errors_of(response)

    saved = CaseSettings.objects.for_institution(kingsway).get()
    assert (saved.board_label, saved.appeal_body_label, saved.short_programme_board_of_two) \
        == ("Conduct Panel", "Appeals Committee", False)
    event = AuditEvent.objects.for_institution(kingsway).get(action="cases.settings_changed")
    assert event.actor == kingsway_admin
    assert event.changes["new"]["board_label"] == "Conduct Panel"
    assert not AuditEvent.objects.for_institution(kingsway).filter(
        action__startswith="admin.").exists()  # one event, in the domain's words


def test_changing_the_settings_again_records_only_what_changed(kingsway, kingsway_admin):
    case_settings_set(institution=kingsway, actor=kingsway_admin, board_label="Conduct Panel")
    case_settings_set(institution=kingsway, actor=kingsway_admin, board_label="Conduct Panel")
    case_settings_set(institution=kingsway, actor=kingsway_admin, appeal_body_label="Provost")
    changes = [e.changes for e in AuditEvent.objects.for_institution(kingsway)
               .filter(action="cases.settings_changed").order_by("sequence")]
    assert len(changes) == 2  # the repeated name wrote nothing
    assert changes[-1]["changed"] == {"appeal_body_label": {
        "from": "Management Committee", "to": "Provost"}}


def test_the_board_name_is_used_on_case_pages_at_once(kingsway, kingsway_admin):
    assert CaseSettings.of(kingsway).board_label == "Board of Discipline"
    case_settings_set(institution=kingsway, actor=kingsway_admin, board_label="Conduct Panel")
    assert CaseSettings.of(kingsway).board_label == "Conduct Panel"


def test_only_the_institutions_admin_changes_its_settings(kingsway, midshire, decision_maker,
                                                          outsider):
    for actor in (decision_maker, outsider):
        with pytest.raises(PermissionDenied):
            case_settings_set(institution=kingsway, actor=actor, board_label="Ours now")
    with pytest.raises(PermissionDenied):
        reporting_settings_set(institution=kingsway, actor=decision_maker,
                               first_contact_email="team@kingsway.example")


def test_identity_custodians_must_be_roles_and_a_bad_one_keeps_what_was_typed(
        client, kingsway, kingsway_admin):
    client.force_login(kingsway_admin)
    response = client.post(f"{INSTITUTIONS}{kingsway.pk}/change/", {
        **institution_form(kingsway, **management("closureday")),
        **settings_form("reportingsettings", institution=str(kingsway.pk),
                        identity_custodian_roles='["support_caseworker", "the_dean"]',
                        first_contact_email="team@kingsway.example"),
    })
    assert response.status_code == 200
    assert "not roles: the_dean" in response.text
    assert "team@kingsway.example" in response.text  # what was typed is shown again
    assert not ReportingSettings.objects.for_institution(kingsway).filter(
        first_contact_email="team@kingsway.example").exists()


def test_a_new_disclosure_is_announced_to_the_team_address(kingsway, kingsway_admin):
    with pytest.raises(ValidationError):
        reporting_settings_set(institution=kingsway, actor=kingsway_admin,
                               first_contact_email="not an address")
    saved = reporting_settings_set(institution=kingsway, actor=kingsway_admin,
                                   first_contact_email="team@kingsway.example")
    assert ReportingSettings.of(kingsway) == saved
    assert AuditEvent.objects.for_institution(kingsway).filter(
        action="reporting.settings_changed").count() == 1
