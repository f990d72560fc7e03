"""The governance API, under /api/v1/<institution_slug>/governance/. Each action's endpoint is
routed from its declaration in governance/actions.py."""

from django.urls import path

from .actions import KINDS
from .api import declarations, plans, registers

ENDPOINTS = {**declarations.ENDPOINTS, **registers.ENDPOINTS, **plans.ENDPOINTS}

urlpatterns = [
    path("declarations/", declarations.MyDeclarationsView.as_view(),
         name="api-governance-declarations-mine"),
    path("declarations/all/", declarations.DeclarationQueueView.as_view(),
         name="api-governance-declarations"),
    path("declarations/<int:declaration_id>/", declarations.DeclarationDetailView.as_view(),
         name="api-governance-declaration"),
    path("risk-assessments/", registers.RiskListView.as_view(),
         name="api-governance-risk-assessments"),
    path("risk-assessments/<int:risk_id>/", registers.RiskDetailView.as_view(),
         name="api-governance-risk-assessment"),
    path("policies/", registers.PolicyListView.as_view(), name="api-governance-policies"),
    path("policies/<int:document_id>/", registers.PolicyDetailView.as_view(),
         name="api-governance-policy"),
    path("action-plans/", plans.PlanListView.as_view(), name="api-governance-action-plans"),
    path("action-plans/<int:plan_id>/", plans.PlanDetailView.as_view(),
         name="api-governance-action-plan"),
    path("action-plans/<int:plan_id>/export.<str:fmt>", plans.PlanExportView.as_view(),
         name="api-governance-action-plan-export"),
    path("action-plans/<int:plan_id>/items/<int:item_id>/", plans.ItemDetailView.as_view(),
         name="api-governance-action-item"),
    *(path(f"{kind.prefix}<int:{kind.kwarg}>/{action.api_path}",
           ENDPOINTS[action.key].as_view(), name=action.api_name)
      for kind in KINDS.values() for action in kind.actions),
]
