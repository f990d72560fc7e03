"""Training API, under /api/v1/<institution_slug>/training/."""

from django.urls import path

from . import api

urlpatterns = [
    path("modules/", api.ModuleListView.as_view(), name="api-training-modules"),
    path("modules/<int:module_id>/", api.ModuleDetailView.as_view(), name="api-training-module"),
    path("campaigns/", api.CampaignListView.as_view(), name="api-training-campaigns"),
    path("campaigns/<int:campaign_id>/", api.CampaignDetailView.as_view(),
         name="api-training-campaign"),
    path("learners/", api.LearnerListView.as_view(), name="api-training-learners"),
    path("learners/<int:learner_id>/", api.LearnerDetailView.as_view(),
         name="api-training-learner"),
    path("learners/<int:learner_id>/completions/", api.LearnerCompletionsView.as_view(),
         name="api-training-learner-completions"),
    path("sessions/", api.SessionListView.as_view(), name="api-training-sessions"),
    path("sessions/<int:session_id>/", api.SessionDetailView.as_view(),
         name="api-training-session"),
    path("sessions/<int:session_id>/register/", api.SessionRegisterView.as_view(),
         name="api-training-register"),
    path("imports/", api.ImportListView.as_view(), name="api-training-imports"),
    path("imports/<int:run_id>/", api.ImportDetailView.as_view(), name="api-training-import"),
    path("imports/<int:run_id>/start/", api.ImportStartView.as_view(),
         name="api-training-import-start"),
    path("imports/<int:run_id>/discard/", api.ImportDiscardView.as_view(),
         name="api-training-import-discard"),
    path("imports/<int:run_id>/errors/", api.ImportErrorsView.as_view(),
         name="api-training-import-errors"),
    path("imports/<int:run_id>/errors.csv", api.ImportErrorsCSVView.as_view(),
         name="api-training-import-errors-csv"),
    path("import-mapping/", api.ImportMappingView.as_view(), name="api-training-import-mapping"),
]
