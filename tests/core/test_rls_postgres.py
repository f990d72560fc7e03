"""Row-level security (core/rls/), proved as the application's role: connected as it (``SET
ROLE`` on the test's connection, inside the test's transaction, which rolls the role back too),
raw SQL sees only the institution its transaction works for, and nothing without one.

The role is made by ``manage.py create_app_role`` in this test database; its name carries the
database's name, since roles belong to the whole server and two runs may share it."""

import contextlib
import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from cases.models import Case
from core import rls
from core.models import CrossInstitutionGrant
from institutions.demo import demo_email
from institutions.models import Institution

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row-level security is PostgreSQL's; SQLite keeps the scoped "
                              "managers only"),
]

DEMO_DAY = dt.datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))  # a Wednesday


def _role_name() -> str:
    return f"st_app_rls_{connection.settings_dict['NAME']}"[:63]


@pytest.fixture
def app_role(db):
    call_command("create_app_role", "--name", _role_name(), "--password", "rls-test-pw",
                 stdout=StringIO())
    return _role_name()


@contextlib.contextmanager
def as_app_role():
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{_role_name()}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def count(table: str, where: str = "", params=None) -> int:
    return scalar(f'SELECT count(*) FROM "{table}" {where}', params)  # noqa: S608 - our tables


def scalar(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


@pytest.fixture
def demo(db):
    with time_machine.travel(DEMO_DAY, tick=False):
        call_command("seed_demo", stdout=StringIO())
        yield (Institution.objects.get(slug="kingsway"), Institution.objects.get(slug="midshire"))


def test_every_tenant_table_has_row_level_security_and_its_policy(db):
    policies = rls.table_policies()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, p.polname IS NOT NULL "
            "FROM pg_class c LEFT JOIN pg_policy p ON p.polrelid = c.oid AND p.polname = %s "
            "WHERE c.relname = ANY(%s)", [rls.POLICY, list(policies)])
        found = {name: (enabled, forced, has_policy)
                 for name, enabled, forced, has_policy in cursor.fetchall()}
    assert set(found) == set(policies)
    # Enabled with the policy, not forced: the owner (migrations, this suite) is unaffected.
    assert {name for name, state in found.items() if state != (True, False, True)} == set()


def test_migrate_applies_the_policies_again_only_where_they_changed(db):
    assert rls.apply() == 0
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE cases_case DISABLE ROW LEVEL SECURITY")
    assert rls.apply() == 1
    assert scalar("SELECT relrowsecurity FROM pg_class WHERE relname = 'cases_case'")


@pytest.mark.once
@pytest.mark.usefixtures("app_role")
def test_raw_sql_sees_no_tenant_row_without_an_institution_and_only_its_own_with_one(demo):
    kingsway, midshire = demo
    policies = rls.table_policies()
    counts = {table: count(table) for table in policies}
    seeded = {table for table, n in counts.items() if n}
    assert {"cases_case", "reporting_report", "accounts_membership",
            "audit_auditevent"} <= seeded
    direct = {t for t in seeded if policies[t].columns == ("institution_id",)}
    with as_app_role():
        # No institution set: nothing at all (an unfiltered query that slipped through).
        assert {t: count(t) for t in seeded} == dict.fromkeys(
            seeded, 0)
        with rls.tenant_transaction(kingsway.pk):
            visible = {t: count(t) for t in seeded}
            others = {t: count(t, "WHERE institution_id <> %s", [kingsway.pk]) for t in direct}
            assert scalar("SELECT count(*) FROM cases_case WHERE institution_id = %s",
                          [midshire.pk]) == 0
        assert scalar("SELECT count(*) FROM cases_case") == 0  # the setting ended with it
    assert visible["cases_case"] == Case.objects.for_institution(kingsway).count() > 0
    assert all(n <= counts[t] for t, n in visible.items())
    # Rows of no institution (system outbox messages) are nobody's: the rest is Kingsway's.
    assert {t: n for t, n in others.items() if n and not _nullable(t)} == {}


def _nullable(table: str) -> bool:
    return "IS NULL" in rls.table_policies()[table].expression


@pytest.fixture
def two_days(kingsway, midshire):
    from institutions.models import ClosureDay

    return [ClosureDay.objects.create(institution=inst, date=dt.date(2026, 12, 24),
                                      reason="Christmas Eve") for inst in (kingsway, midshire)]


@pytest.mark.usefixtures("app_role")
def test_with_kingsway_set_a_midshire_row_can_be_neither_changed_nor_written(
        kingsway, midshire, two_days):
    k_day, m_day = two_days
    with as_app_role(), rls.tenant_transaction(kingsway.pk), connection.cursor() as cursor:
        cursor.execute("UPDATE institutions_closureday SET reason = 'x' WHERE id = %s",
                       [m_day.pk])
        assert cursor.rowcount == 0
        cursor.execute("DELETE FROM institutions_closureday WHERE id = %s", [m_day.pk])
        assert cursor.rowcount == 0
        cursor.execute("UPDATE institutions_closureday SET reason = 'Closed' WHERE id = %s",
                       [k_day.pk])
        assert cursor.rowcount == 1
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            cursor.execute("UPDATE institutions_closureday SET institution_id = %s "
                           "WHERE id = %s", [midshire.pk, k_day.pk])
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            cursor.execute(
                "INSERT INTO institutions_closureday (institution_id, date, reason) "
                "VALUES (%s, '2026-12-25', 'x')", [midshire.pk])
    m_day.refresh_from_db()
    assert m_day.reason == "Christmas Eve"


@pytest.mark.usefixtures("app_role")
def test_no_setting_of_the_app_role_turns_row_level_security_off(two_days):
    assert scalar("SELECT rolbypassrls OR rolsuper FROM pg_roles WHERE rolname = %s",
                  [_role_name()]) is False
    with as_app_role():
        for statement in ("ALTER TABLE cases_case DISABLE ROW LEVEL SECURITY",
                          "ALTER TABLE cases_case NO FORCE ROW LEVEL SECURITY",
                          "DROP POLICY tenant_isolation ON cases_case",
                          "INSERT INTO core_crossinstitutiongrant (reason, started_at) "
                          "VALUES ('forged', now())"):
            with pytest.raises(DatabaseError, match="must be owner|permission denied"), \
                    transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement)
        # row_security = off makes a filtered query fail rather than see everything.
        with pytest.raises(DatabaseError, match="row-level security"), \
                transaction.atomic(), connection.cursor() as cursor:  # noqa: PT012
            cursor.execute("SET LOCAL row_security = off")
            cursor.execute("SELECT count(*) FROM institutions_closureday")
        assert scalar("SELECT count(*) FROM institutions_closureday") == 0


@pytest.mark.usefixtures("app_role")
def test_the_cross_institution_path_sees_every_institution_and_leaves_a_grant(
        two_days, caseworker):
    with as_app_role():
        with rls.cross_institution(reason="a test reads every case", actor=caseworker):
            both = scalar("SELECT count(DISTINCT institution_id) FROM institutions_closureday")
        after = scalar("SELECT count(*) FROM institutions_closureday")
    assert (both, after) == (2, 0)
    grant = CrossInstitutionGrant.objects.get()
    assert (grant.reason, grant.actor_id, grant.db_user) == (
        "a test reads every case", caseworker.pk, _role_name())
    assert grant.ended_at is not None
    with pytest.raises(ValueError, match="reason"), rls.cross_institution(reason=" "):
        pass


@pytest.mark.once
@pytest.mark.usefixtures("app_role")
def test_pages_and_the_api_work_as_the_app_role_and_show_only_their_institution(
        demo, client):
    from django.test import Client
    from rest_framework.test import APIClient

    from accounts.models import User
    from tests.factories import api_token

    kingsway, midshire = demo
    decider = User.objects.get(email=demo_email("decision_maker", "kingsway"))
    support = User.objects.get(email=demo_email("support_caseworker", "kingsway"))
    k_case = Case.objects.for_institution(kingsway).order_by("pk").first()
    m_case = Case.objects.for_institution(midshire).order_by("pk").first()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(decider, kingsway)}")
    client.force_login(decider)
    support_client = Client()
    support_client.force_login(support)
    with time_machine.travel(DEMO_DAY, tick=False), as_app_role():
        queue = client.get("/kingsway/staff/cases/")
        page = client.get(f"/kingsway/staff/cases/{k_case.pk}/")
        other = client.get(f"/kingsway/staff/cases/{m_case.pk}/")
        reports = support_client.get("/kingsway/staff/reports/")
        listed = api.get("/api/v1/kingsway/cases/")
        foreign = api.get("/api/v1/midshire/cases/")
    assert (queue.status_code, page.status_code, other.status_code) == (200, 200, 404)
    assert reports.status_code == 200
    assert k_case.reference in queue.content.decode()
    assert m_case.reference not in queue.content.decode()
    assert listed.status_code == 200, listed.content
    ids = {row["id"] for row in listed.json()["results"]}
    assert ids
    assert ids <= set(Case.objects.for_institution(kingsway).values_list("pk", flat=True))
    assert foreign.status_code in (401, 403, 404)


@pytest.mark.usefixtures("app_role")
def test_a_celery_task_for_one_institution_works_as_the_app_role(kingsway, midshire):
    from institutions.tasks import deadlines_sweep_task
    from outbox.services import outbox_relay

    with as_app_role():
        result = deadlines_sweep_task.apply(
            kwargs={"institution_id": kingsway.pk, "today": "2026-11-04"}).get()
        relayed = outbox_relay()
    assert set(result) == {"missed", "windows_closed", "reminded_before", "reminded_due"}
    assert relayed.failed == 0


@pytest.mark.usefixtures("app_role")
def test_an_institution_task_runs_with_its_institution_set(kingsway):
    from celery import shared_task

    from institutions.tasks import InstitutionTask

    @shared_task(base=InstitutionTask, name="tests.rls.seen_task")
    def seen_task(*, institution_id):
        return rls.current_setting(), scalar("SELECT current_user")

    with as_app_role():
        assert seen_task.apply(kwargs={"institution_id": kingsway.pk}).get() == (
            kingsway.pk, _role_name())
        assert rls.current_setting() is None


@pytest.mark.usefixtures("app_role")
def test_the_account_page_lists_ones_own_memberships_as_the_app_role(client, caseworker):
    """No institution yet: the user's own membership rows are visible (app.user_id)."""
    client.force_login(caseworker)
    with as_app_role():
        response = client.get("/accounts/")
        assert rls.current_setting() is None
        assert scalar("SELECT count(*) FROM accounts_membership") == 0  # cleared after it
    assert response.status_code in (200, 302)
    if response.status_code == 302:  # one institution: straight to its staff pages
        assert response["Location"].startswith("/kingsway/")
    else:
        assert "Kingsway School of Economics" in response.content.decode()


@pytest.mark.usefixtures("app_role")
def test_the_superusers_admin_reads_every_institution_through_the_audited_path(
        client, kingsway, midshire, two_days):
    from accounts.models import User

    root = User.objects.create_superuser(email="root@rls.test", password="x-Strong-1-rls")
    client.force_login(root)
    with as_app_role():
        pages = [client.get(f"/admin/institutions/institution/{inst.pk}/change/")
                 for inst in (kingsway, midshire)]
    assert [p.status_code for p in pages] == [200, 200]
    assert all("Christmas Eve" in p.content.decode() for p in pages)
    grants = CrossInstitutionGrant.objects.order_by("pk")
    assert [g.reason for g in grants] == [
        f"the Django admin: GET /admin/institutions/institution/{inst.pk}/change/"
        for inst in (kingsway, midshire)]
    assert {g.actor_id for g in grants} == {root.pk}


@pytest.mark.usefixtures("app_role")
def test_an_institution_admin_works_in_the_admin_for_their_institution_alone_without_a_grant(
        client, kingsway, midshire, two_days):
    """The database wall stays up in the Django admin for an admin of one institution: their
    requests work for it (as its staff pages do), and only a superuser's need a grant."""
    from accounts.roles import Role
    from tests.factories import staff

    admin = staff(kingsway, Role.INSTITUTION_ADMIN)
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    client.force_login(admin)
    with as_app_role():
        own = client.get(f"/admin/institutions/institution/{kingsway.pk}/change/")
        other = client.get(f"/admin/institutions/institution/{midshire.pk}/change/")
    assert own.status_code == 200
    assert "Christmas Eve" in own.content.decode()
    assert other.status_code in (302, 403, 404)
    assert "Christmas Eve" not in other.content.decode()
    assert not CrossInstitutionGrant.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_statements_outside_a_transaction_each_get_their_own_with_the_setting():
    """Django's autocommit reads and writes of a task (or a view) run as the app role:
    each is wrapped in BEGIN; SET LOCAL ...; COMMIT, so it sees its institution only."""
    from celery import shared_task

    from institutions.models import ClosureDay
    from institutions.tasks import InstitutionTask
    from tests.factories import InstitutionFactory

    kingsway = InstitutionFactory(slug="kingsway")
    midshire = InstitutionFactory(slug="midshire")
    for inst in (kingsway, midshire):
        ClosureDay.objects.create(institution=inst, date=dt.date(2026, 12, 24))

    @shared_task(base=InstitutionTask, name="tests.rls.autocommit_task")
    def autocommit_task(*, institution_id):
        assert connection.get_autocommit()
        ClosureDay.objects.create(institution_id=institution_id, date=dt.date(2026, 12, 31))
        return scalar("SELECT count(*) FROM institutions_closureday")

    call_command("create_app_role", "--name", _role_name(), "--password", "rls-test-pw",
                 stdout=StringIO())
    try:
        with as_app_role():
            seen = autocommit_task.apply(kwargs={"institution_id": kingsway.pk}).get()
            after = scalar("SELECT count(*) FROM institutions_closureday")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{_role_name()}"')
            cursor.execute(f'DROP ROLE "{_role_name()}"')
    assert (seen, after) == (2, 0)
    assert ClosureDay.objects.for_institution(kingsway).count() == 2


@pytest.mark.usefixtures("app_role")
def test_signing_in_as_the_app_role_reads_ones_own_memberships_and_their_sso_rule(
        client, kingsway, caseworker):
    """Before sign-in no institution is set: the SSO-only rule must still see the member's
    institution and its provider (or a password would be let through)."""
    from tests.sso.test_local_passwords_and_admin import PASSWORD, provider

    form = {"username": caseworker.email, "password": PASSWORD}
    with as_app_role():
        signed_in = client.post("/accounts/login/", form)
    client.logout()
    provider(kingsway, allow_local_passwords=False)
    with as_app_role():
        refused = client.post("/accounts/login/", form)
    assert signed_in.status_code == 302
    assert refused.status_code == 200


@pytest.mark.usefixtures("app_role")
def test_commands_that_read_every_institution_refuse_the_app_role():
    assert rls.policies_apply_to_connection() is False  # the owner
    with as_app_role():
        assert rls.policies_apply_to_connection() is True
        with pytest.raises(CommandError, match="as the tables' owner"):
            call_command("rotate_encryption", stdout=StringIO())
