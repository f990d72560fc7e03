"""System check: every tenant-owned model must fail closed through its base manager too."""

from django.apps import apps
from django.core import checks

from .scoping import TenantManager, TenantModel


@checks.register()
def tenant_models_fail_closed(app_configs, **kwargs):
    errors = []
    for model in apps.get_models():
        if not issubclass(model, TenantModel):
            continue
        for name, manager in (("_default_manager", model._default_manager),
                              ("_base_manager", model._base_manager)):
            if not isinstance(manager, TenantManager):
                errors.append(
                    checks.Error(
                        f"{model._meta.label}.{name} is not a TenantManager.",
                        hint="Give the model's Meta base_manager_name = 'objects'.",
                        obj=model,
                        id="institutions.E001",
                    )
                )
    return errors
