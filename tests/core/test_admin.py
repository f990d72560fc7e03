"""The admin for institution admins (web/admin.py, institutions/admin.py, accounts/admin.py):
each sees and edits only the institutions they administer."""

import datetime as dt

import pytest

from accounts.models import Membership, MembershipRole, User
from accounts.roles import Role
from institutions.models import ClosureDay, Institution
from tests.factories import ClosureDayFactory, UserFactory, staff

pytestmark = pytest.mark.django_db

INSTITUTIONS = "/admin/institutions/institution/"
MEMBERSHIPS = "/admin/accounts/membership/"


@pytest.fixture
def admin_client(client, kingsway_admin, midshire):
    client.force_login(kingsway_admin)
    return client


def errors_of(response):
    context = response.context or {}
    return [context.get("errors"), getattr(context.get("inline_admin_formsets"), "errors", None)]


def management(prefix, total=0, initial=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def institution_form(institution, **closure_days):
    """The institution change form as the browser posts it: main fields, and the inlines
    (role labels, time limits and terms left as they are)."""
    data = {
        "name": institution.name, "region": institution.region,
        "urgent_help": institution.urgent_help, "quick_exit_url": institution.quick_exit_url,
        "letter_name": institution.letter_name, "address_block": institution.address_block,
        "primary_colour": institution.primary_colour,
        "accent_colour": institution.accent_colour,
        **management("rolelabel"), **management("timelimit"), **management("academicterm"),
        **management("casesettings"), **management("reportingsettings"),
        **management("precautionarysettings"), **management("safecontactsettings"),
        **management("insightssettings"), **management("retentionsettings"),
    }
    data.update(closure_days)
    return data


# -- institutions ----------------------------------------------------------------------------
def test_institution_admin_sees_only_their_institution(admin_client):
    response = admin_client.get(INSTITUTIONS)
    assert response.status_code == 200
    assert "Kingsway School of Economics" in response.text
    assert "University of Midshire" not in response.text


def test_institution_admin_cannot_open_another_institutions_change_page(admin_client, midshire):
    response = admin_client.get(f"{INSTITUTIONS}{midshire.pk}/change/", follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert "University of Midshire" not in response.text
    assert "Midshire" not in response.text


def test_institution_admin_cannot_change_another_institution(admin_client, midshire):
    data = institution_form(midshire, **management("closureday"))
    data["name"] = "Taken over"
    admin_client.post(f"{INSTITUTIONS}{midshire.pk}/change/", data)
    midshire.refresh_from_db()
    assert midshire.name == "University of Midshire"


def test_institution_admin_edits_their_closure_days_through_the_inline(admin_client, kingsway):
    existing = ClosureDayFactory(institution=kingsway, date=dt.date(2026, 12, 24),
                                 reason="Christmas Eve")
    url = f"{INSTITUTIONS}{kingsway.pk}/change/"
    assert 'id="closureday-group"' in admin_client.get(url).text

    response = admin_client.post(url, institution_form(
        kingsway, **management("closureday", total=2, initial=1), **{
            "closureday-0-id": str(existing.pk), "closureday-0-institution": str(kingsway.pk),
            "closureday-0-date": "2026-12-24", "closureday-0-reason": "Christmas closure",
            "closureday-1-date": "2026-12-31", "closureday-1-reason": "New Year's Eve",
        }))

    assert response.status_code == 302, errors_of(response)
    days = ClosureDay.objects.for_institution(kingsway).order_by("date")
    assert [(d.date, d.reason) for d in days] == [
        (dt.date(2026, 12, 24), "Christmas closure"), (dt.date(2026, 12, 31), "New Year's Eve")]


def test_closure_day_inline_refuses_a_duplicate_date(admin_client, kingsway):
    ClosureDayFactory(institution=kingsway, date=dt.date(2026, 12, 24))
    response = admin_client.post(f"{INSTITUTIONS}{kingsway.pk}/change/", institution_form(
        kingsway, **management("closureday", total=1), **{
            "closureday-0-date": "2026-12-24", "closureday-0-reason": "Again"}))
    assert response.status_code == 200
    assert "already exists" in response.text
    assert ClosureDay.objects.for_institution(kingsway).count() == 1


def test_closure_day_inline_cannot_reach_another_institutions_closure_day(admin_client,
                                                                         kingsway, midshire):
    theirs = ClosureDayFactory(institution=midshire, date=dt.date(2026, 12, 24),
                               reason="Midshire closure")
    url = f"{INSTITUTIONS}{kingsway.pk}/change/"
    edit = admin_client.post(url, institution_form(
        kingsway, **management("closureday", total=1, initial=1), **{
            "closureday-0-id": str(theirs.pk), "closureday-0-date": "2026-12-25",
            "closureday-0-reason": "Hijacked"}))
    assert edit.status_code == 200  # refused: not one of Kingsway's closure days
    closure_errors = [f.formset.errors for f in edit.context["inline_admin_formsets"]
                      if f.formset.prefix == "closureday"]
    assert closure_errors == [[{"id": [
        "Select a valid choice. That choice is not one of the available choices."]}]]

    admin_client.post(url, institution_form(
        kingsway, **management("closureday", total=1, initial=1), **{
            "closureday-0-id": str(theirs.pk), "closureday-0-date": "2026-12-24",
            "closureday-0-reason": "Midshire closure", "closureday-0-DELETE": "on"}))
    theirs = ClosureDay.objects.for_institution(midshire).get()
    assert (theirs.date, theirs.reason) == (dt.date(2026, 12, 24), "Midshire closure")
    assert not ClosureDay.objects.for_institution(kingsway).exists()


def test_institution_admin_cannot_change_slug_or_deactivate(admin_client, kingsway):
    data = institution_form(kingsway, **management("closureday"))
    data.update(slug="renamed", is_active="")
    response = admin_client.post(f"{INSTITUTIONS}{kingsway.pk}/change/", data)
    assert response.status_code == 302, errors_of(response)
    kingsway.refresh_from_db()
    assert (kingsway.slug, kingsway.is_active) == ("kingsway", True)


def test_institution_admin_cannot_add_or_delete_institutions(admin_client, kingsway):
    assert admin_client.get(f"{INSTITUTIONS}add/").status_code == 403
    assert admin_client.post(f"{INSTITUTIONS}{kingsway.pk}/delete/",
                             {"post": "yes"}).status_code == 403
    assert Institution.objects.filter(pk=kingsway.pk).exists()


def test_superuser_sees_every_institution(client, kingsway, midshire):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(INSTITUTIONS)
    assert "Kingsway School of Economics" in response.text
    assert "University of Midshire" in response.text
    assert client.get(f"{INSTITUTIONS}{midshire.pk}/change/").status_code == 200


# -- memberships -----------------------------------------------------------------------------
@pytest.fixture
def people(kingsway, midshire, caseworker, outsider):
    return caseworker, outsider


def test_institution_admin_sees_only_their_institutions_memberships(admin_client, people):
    response = admin_client.get(MEMBERSHIPS)
    assert response.status_code == 200
    assert str(people[0]) in response.text
    assert str(people[1]) not in response.text
    assert admin_client.get(MEMBERSHIPS, {"q": "midshire"}).context["cl"].result_count == 0


def test_institution_admin_cannot_open_another_institutions_membership(admin_client, midshire,
                                                                      people):
    theirs = Membership.objects.for_institution(midshire).get(user=people[1])
    response = admin_client.get(f"{MEMBERSHIPS}{theirs.pk}/change/", follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert str(people[1]) not in response.text


def test_membership_form_lists_no_staff_of_another_institution(admin_client, people):
    newcomer = User.objects.create_user("newcomer@example.org")
    response = admin_client.get(f"{MEMBERSHIPS}add/")
    assert response.status_code == 200
    user_choices = {str(u) for u in response.context["adminform"].form.fields["user"].queryset}
    assert str(people[1]) not in response.text
    assert "University of Midshire" not in response.text
    assert str(people[0]) in user_choices  # already at Kingsway (e.g. to re-add a role)
    assert str(newcomer) in user_choices  # an account not yet in any institution
    assert str(people[1]) not in user_choices


def test_institution_admin_adds_a_member_with_roles(admin_client, kingsway):
    newcomer = User.objects.create_user("newcomer@example.org")
    response = admin_client.post(f"{MEMBERSHIPS}add/", {
        "institution": str(kingsway.pk), "user": str(newcomer.pk), "is_active": "on",
        "job_title": "Clerk", "department": "Governance",
        **management("roles", total=1), "roles-0-role": Role.CLERK,
    })
    assert response.status_code == 302, errors_of(response)
    membership = Membership.objects.for_institution(kingsway).get(user=newcomer)
    role = MembershipRole.objects.for_institution(kingsway).get(membership=membership)
    assert (role.role, role.institution_id) == (Role.CLERK, kingsway.pk)


def test_institution_admin_cannot_add_a_member_to_another_institution(admin_client, midshire):
    newcomer = User.objects.create_user("newcomer@example.org")
    response = admin_client.post(f"{MEMBERSHIPS}add/", {
        "institution": str(midshire.pk), "user": str(newcomer.pk), "is_active": "on",
        **management("roles")})
    assert response.status_code == 200  # the form refuses the choice
    assert not Membership.objects.for_institution(midshire).filter(user=newcomer).exists()


def test_institution_admin_cannot_give_another_institutions_staff_a_membership(admin_client,
                                                                              kingsway, people):
    response = admin_client.post(f"{MEMBERSHIPS}add/", {
        "institution": str(kingsway.pk), "user": str(people[1].pk), "is_active": "on",
        **management("roles")})
    assert response.status_code == 200
    assert not Membership.objects.for_institution(kingsway).filter(user=people[1]).exists()


def test_membership_institution_is_read_only_once_created(admin_client, kingsway, people):
    ours = Membership.objects.for_institution(kingsway).get(user=people[0])
    response = admin_client.get(f"{MEMBERSHIPS}{ours.pk}/change/")
    assert response.status_code == 200
    assert 'name="institution"' not in response.text


def test_institution_admin_edits_a_members_roles(admin_client, kingsway, people):
    ours = Membership.objects.for_institution(kingsway).get(user=people[0])
    role = ours.roles.get()
    response = admin_client.post(f"{MEMBERSHIPS}{ours.pk}/change/", {
        "user": str(people[0].pk), "is_active": "on", "job_title": "", "department": "",
        **management("roles", total=2, initial=1),
        "roles-0-id": str(role.pk), "roles-0-membership": str(ours.pk),
        "roles-0-role": Role.SUPPORT_CASEWORKER, "roles-0-DELETE": "on",
        "roles-1-membership": str(ours.pk), "roles-1-role": Role.SAFE_CONTACT,
    })
    assert response.status_code == 302, errors_of(response)
    assert [(r.role, r.institution_id) for r in ours.roles.all()] == [
        (Role.SAFE_CONTACT, kingsway.pk)]


def test_membership_roles_inline_refuses_a_role_the_member_already_holds(admin_client, kingsway,
                                                                       people):
    ours = Membership.objects.for_institution(kingsway).get(user=people[0])
    response = admin_client.post(f"{MEMBERSHIPS}{ours.pk}/change/", {
        "user": str(people[0].pk), "is_active": "on", "job_title": "", "department": "",
        **management("roles", total=1),
        "roles-0-membership": str(ours.pk), "roles-0-role": Role.SUPPORT_CASEWORKER,
    })
    assert response.status_code == 200
    assert "already exists" in response.text
    assert ours.roles.count() == 1


def test_institution_admin_deletes_a_membership_and_its_roles(admin_client, kingsway, midshire,
                                                             people):
    ours = Membership.objects.for_institution(kingsway).get(user=people[0])
    confirm = admin_client.get(f"{MEMBERSHIPS}{ours.pk}/delete/")
    assert confirm.status_code == 200
    response = admin_client.post(f"{MEMBERSHIPS}{ours.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.for_institution(kingsway).filter(user=people[0]).exists()
    assert not MembershipRole.objects.for_institution(kingsway).filter(
        membership_id=ours.pk).exists()
    assert MembershipRole.objects.for_institution(midshire).count() == 2  # the outsider's


def test_institution_admin_cannot_manage_user_accounts(admin_client):
    assert admin_client.get("/admin/accounts/user/").status_code == 403


# -- who may reach the admin at all ----------------------------------------------------------
def test_member_without_the_staff_flag_cannot_reach_the_admin(client, caseworker):
    client.force_login(caseworker)
    for path in ("/admin/", INSTITUTIONS, MEMBERSHIPS):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_staff_member_without_the_institution_admin_role_sees_and_edits_nothing(client, kingsway):
    user = staff(kingsway, Role.DECISION_MAKER)
    user.is_staff = True
    user.save()
    client.force_login(user)

    index = client.get("/admin/")
    assert index.status_code == 200
    assert "Kingsway" not in index.text
    assert INSTITUTIONS not in index.text
    for path in (INSTITUTIONS, f"{INSTITUTIONS}{kingsway.pk}/change/", MEMBERSHIPS,
                 "/admin/audit/auditevent/"):
        assert client.get(path).status_code == 403, path


def test_institution_admin_with_an_inactive_membership_sees_nothing(client, kingsway_admin,
                                                                   kingsway):
    Membership.objects.for_institution(kingsway).filter(user=kingsway_admin).update(
        is_active=False)
    client.force_login(kingsway_admin)
    assert client.get(INSTITUTIONS).status_code == 403


def test_admin_index_of_an_institution_admin_lists_their_configuration(admin_client):
    index = admin_client.get("/admin/")
    assert index.status_code == 200
    assert INSTITUTIONS in index.text
    assert MEMBERSHIPS in index.text
    assert "/admin/accounts/user/" not in index.text
