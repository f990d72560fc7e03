"""System check: every tenant-owned model must fail closed through its base manager too."""

from itertools import chain

from django.apps import apps
from django.core import checks

from .scoping import TenantManager, TenantModel


@checks.register()
def tenant_models_fail_closed(app_configs=None, **kwargs):
    if app_configs is None:
        models = apps.get_models()
    else:  # ``manage.py check <app>`` checks only those apps, as Django's own checks do
        models = chain.from_iterable(config.get_models() for config in app_configs)
    errors = []
    for model in models:
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
