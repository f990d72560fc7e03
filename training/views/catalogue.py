"""Modules and campaigns."""

from __future__ import annotations

from django.shortcuts import render

from core.pagination import QueuePaginator

from ..forms import CampaignForm, ModuleForm
from ..permissions import access_campaign, access_module
from ..selectors import campaign_list, module_list
from ..services.modules import (
    MODULE_FIELDS,
    campaign_create,
    campaign_update,
    module_create,
    module_update,
)
from .common import PAGE_SIZE, form_page, manager_view, url


@manager_view
def modules(request, institution_slug: str):
    page = QueuePaginator(module_list(institution=request.institution), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "training/modules.html", {"page": page})


@manager_view
def module_new(request, institution_slug: str):
    inst = request.institution
    form = ModuleForm(request.POST or None, institution=inst)
    return form_page(
        request, form,
        lambda: module_create(institution=inst, actor=request.user,
                              key=form.cleaned_data["key"], **form.values()),
        template="training/module_form.html", context={"module": None},
        success=lambda m: (f"{m.title} is added.", url("module", request, module_id=m.pk)))


@manager_view
def module_edit(request, institution_slug: str, module_id: int):
    inst = request.institution
    module = access_module(institution=inst, module_id=module_id)
    initial = {name: getattr(module, name) for name in MODULE_FIELDS}
    form = ModuleForm(request.POST or None, institution=inst, module=module, initial=initial)
    return form_page(
        request, form,
        lambda: module_update(module=module, actor=request.user, **form.values()),
        template="training/module_form.html",
        context={"module": module, "campaigns": list(campaign_list(institution=inst,
                                                                   module=module))},
        success=lambda m: (f"{m.title} is saved.", url("module", request, module_id=m.pk)))


@manager_view
def campaigns(request, institution_slug: str):
    page = QueuePaginator(campaign_list(institution=request.institution), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "training/campaigns.html", {"page": page})


def _campaign_values(form) -> dict:
    return {k: form.cleaned_data[k] for k in ("module", "name", "opens_on", "deadline",
                                              "cohort")}


@manager_view
def campaign_new(request, institution_slug: str):
    inst = request.institution
    initial = {}
    if request.GET.get("module"):
        initial["module"] = access_module(institution=inst, module_id=request.GET["module"])
    form = CampaignForm(request.POST or None, institution=inst, initial=initial)
    return form_page(
        request, form,
        lambda: campaign_create(institution=inst, actor=request.user, **_campaign_values(form)),
        template="training/campaign_form.html", context={"campaign": None},
        success=lambda c: (f"The campaign {c.name} is added.", url("campaigns", request)))


@manager_view
def campaign_edit(request, institution_slug: str, campaign_id: int):
    inst = request.institution
    campaign = access_campaign(institution=inst, campaign_id=campaign_id)
    initial = {"module": campaign.module, "name": campaign.name, "opens_on": campaign.opens_on,
               "deadline": campaign.deadline, "cohort": campaign.cohort}
    form = CampaignForm(request.POST or None, institution=inst, campaign=campaign,
                        initial=initial)
    return form_page(
        request, form,
        lambda: campaign_update(campaign=campaign, actor=request.user, **_campaign_values(form)),
        template="training/campaign_form.html", context={"campaign": campaign},
        success=lambda c: (f"The campaign {c.name} is saved.", url("campaigns", request)))
