"""System check institutions.E001: a tenant-owned model must fail closed through its base
manager (the one Django uses for forward relations and deletion) as well as ``objects``."""

from django.core import checks
from django.core.management import call_command
from django.db import models
from django.test.utils import isolate_apps

from core.tenancy.checks import tenant_models_fail_closed
from core.tenancy.scoping import TenantManager, TenantModel


def test_every_real_tenant_model_passes_the_fail_closed_check():
    assert tenant_models_fail_closed(app_configs=None) == []
    assert [e for e in checks.run_checks() if e.id == "institutions.E001"] == []
    call_command("check", "--fail-level", "ERROR")


def test_check_flags_a_tenant_model_whose_base_manager_is_not_a_tenant_manager():
    with isolate_apps("institutions") as registry:

        class ForgetfulDay(TenantModel):
            date = models.DateField()
            plain = models.Manager()

            class Meta:
                app_label = "institutions"
                default_manager_name = "objects"
                base_manager_name = "plain"  # forward relations would read every institution

        errors = tenant_models_fail_closed(
            app_configs=[registry.get_app_config("institutions")]
        )

    assert not isinstance(ForgetfulDay._base_manager, TenantManager)
    assert [(e.id, e.obj, e.msg) for e in errors] == [
        ("institutions.E001", ForgetfulDay,
         "institutions.ForgetfulDay._base_manager is not a TenantManager."),
    ]


def test_check_flags_a_tenant_model_whose_default_manager_is_not_a_tenant_manager():
    with isolate_apps("institutions") as registry:

        class LeakyDay(TenantModel):
            date = models.DateField()
            everything = models.Manager()

            class Meta:
                app_label = "institutions"
                default_manager_name = "everything"
                base_manager_name = "objects"

        errors = tenant_models_fail_closed(
            app_configs=[registry.get_app_config("institutions")]
        )

    assert [e.msg for e in errors] == [
        "institutions.LeakyDay._default_manager is not a TenantManager."]


def test_check_passes_a_tenant_model_that_keeps_the_tenant_managers():
    with isolate_apps("institutions") as registry:

        class CarefulDay(TenantModel):
            date = models.DateField()

            class Meta:
                app_label = "institutions"
                base_manager_name = "objects"

        errors = tenant_models_fail_closed(
            app_configs=[registry.get_app_config("institutions")]
        )

    assert isinstance(CarefulDay._base_manager, TenantManager)
    assert errors == []
