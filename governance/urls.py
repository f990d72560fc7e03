"""Staff pages of the governance registers, under /<institution_slug>/staff/governance/
(namespace staff:governance). Each action's page is routed from its declaration in
governance/actions.py."""

from django.urls import path

from . import views as v
from .actions import KINDS

app_name = "governance"


def _row(prefix: str, kwarg: str) -> str:
    return f"{prefix}<int:{kwarg}>/"


urlpatterns = [
    path("", v.home, name="home"),
    path("declarations/", v.declarations.declarations_mine, name="declarations"),
    path("declarations/new/", v.declarations.declaration_new, name="declaration_new"),
    path("declarations/all/", v.declarations.declaration_queue_view, name="declaration_queue"),
    path("declarations/<int:declaration_id>/", v.declarations.declaration_detail,
         name="declaration"),
    path("risk-assessments/", v.risks.risk_list, name="risks"),
    path("risk-assessments/new/", v.risks.risk_new, name="risk_new"),
    path("risk-assessments/<int:risk_id>/", v.risks.risk_detail, name="risk"),
    path("policies/", v.documents.policy_list, name="policies"),
    path("policies/new/", v.documents.policy_new, name="policy_new"),
    path("policies/<int:document_id>/", v.documents.policy_detail, name="policy"),
    path("action-plans/", v.plans.plans_view, name="plans"),
    path("action-plans/new/", v.plans.plan_new, name="plan_new"),
    path("action-plans/<int:plan_id>/", v.plans.plan_detail, name="plan"),
    path("action-plans/<int:plan_id>/export.<str:fmt>", v.plans.plan_export_view,
         name="plan_export"),
    *(path(_row(kind.prefix, kind.kwarg) + action.path, v.PAGES[action.key].as_view(),
           name=action.key)
      for kind in KINDS.values() for action in kind.actions),
]
