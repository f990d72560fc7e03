"""Every table is either protected by row-level security or listed as holding no tenant's
data, with the reason (core/rls/). A model added later with neither fails here."""

from core import rls


def test_every_table_is_protected_or_named_as_holding_no_tenant_data():
    assert rls.unprotected_models() == [], (
        "Give these tables an institution foreign key (they are then protected), or add them "
        "to core.rls.NOT_TENANT with the reason they hold no institution's data.")


def test_every_model_with_an_institution_is_protected_by_its_own_column():
    policies = rls.table_policies()
    for table in ("cases_case", "reporting_report", "audit_auditevent", "accounts_membership",
                  "outbox_outboxmessage"):
        assert policies[table].columns == ("institution_id",)
        assert f"institution_id = {rls.CURRENT_INSTITUTION}" in policies[table].expression


def test_link_tables_are_protected_through_their_tenant_parent():
    policy = rls.table_policies()["cases_appeal_grounds"]
    assert policy.expression == ("EXISTS (SELECT 1 FROM cases_appeal WHERE "
                                 "cases_appeal.id = cases_appeal_grounds.appeal_id)")


def test_no_table_is_both_protected_and_named_as_not_tenant():
    protected = {p.label for p in rls.table_policies().values()}
    assert protected.isdisjoint(rls.NOT_TENANT)
    assert all(reason.strip() for reason in rls.NOT_TENANT.values())
