"""Report categories, the support directory and report tags change only through
reporting/services/catalogue.py, each change audited (issue 8 §4)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from reporting.models import ReportCategory, ReportTag, SupportService
from reporting.services import catalogue
from reporting.services.submission import report_submit
from tests.audit_support import actions, events
from tests.core.test_admin import errors_of
from tests.factories import staff

from .conftest import submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(kingsway):
    user = staff(kingsway, Role.INSTITUTION_ADMIN, email="admin@kingsway.test")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def midshire_admin(midshire):
    return staff(midshire, Role.INSTITUTION_ADMIN, email="admin@midshire.test")


def test_tags_are_added_renamed_and_removed_with_events(kingsway, admin):
    tag = catalogue.report_tag_add(institution=kingsway, actor=admin, label=" Online ")
    catalogue.report_tag_update(tag=tag, actor=admin, label="Online abuse")
    catalogue.report_tag_remove(tag=tag, actor=admin)
    added, changed, removed = events(kingsway)
    assert added.changes["new"] == {"label": "Online"}
    assert changed.changes["changed"] == {"label": {"from": "Online", "to": "Online abuse"}}
    assert removed.action == "reporting.tag_removed"
    assert not ReportTag.objects.for_institution(kingsway).exists()


def test_a_duplicate_tag_is_refused_and_writes_nothing(kingsway, admin):
    catalogue.report_tag_add(institution=kingsway, actor=admin, label="Online")
    with pytest.raises(ValidationError):
        catalogue.report_tag_add(institution=kingsway, actor=admin, label="Online")
    assert ReportTag.objects.for_institution(kingsway).count() == 1
    assert actions(kingsway) == ["reporting.tag_added"]


def test_a_support_service_with_a_bad_address_names_the_field(kingsway, admin):
    with pytest.raises(ValidationError) as refused:
        catalogue.support_service_add(institution=kingsway, actor=admin, kind="external",
                                      name="Helpline", email="not an address")
    assert "email" in refused.value.message_dict
    assert events(kingsway) == []


@pytest.mark.parametrize("who", ["midshire_admin", "caseworker"])
def test_only_this_institutions_admin_may_change_its_directory(request, kingsway, who):
    actor = request.getfixturevalue(who)
    service = SupportService.objects.for_institution(kingsway).first()
    with pytest.raises(PermissionDenied):
        catalogue.support_service_update(service=service, actor=actor, name="Renamed")
    with pytest.raises(PermissionDenied):
        catalogue.report_tag_add(institution=kingsway, actor=actor, label="Mine")
    assert events(kingsway) == []


def test_a_category_a_report_chose_is_retired_not_removed(kingsway, admin):
    report_submit(institution=kingsway, data=submission())
    category = ReportCategory.objects.for_institution(kingsway).get(code="harassment")
    with pytest.raises(ValidationError) as refused:
        catalogue.report_category_remove(category=category, actor=admin)
    assert "is_active" in refused.value.message_dict

    catalogue.report_category_update(category=category, actor=admin, is_active=False)
    assert events(kingsway, "reporting.category_changed")[0].changes["changed"] == {
        "is_active": {"from": True, "to": False}}


def test_a_tag_added_in_the_admin_is_recorded_once(client, kingsway, admin):
    client.force_login(admin)
    response = client.post("/admin/reporting/reporttag/add/",
                           {"institution": str(kingsway.pk), "label": "Online"})
    assert response.status_code == 302, errors_of(response)
    assert actions(kingsway) == ["reporting.tag_added"]
