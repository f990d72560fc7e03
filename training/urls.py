"""The training administrators' pages, under /<institution_slug>/staff/training/ (namespace
staff:training)."""

from django.urls import path

from . import views as v

app_name = "training"

urlpatterns = [
    path("", v.home, name="home"),
    path("modules/", v.modules, name="modules"),
    path("modules/new/", v.module_new, name="module_new"),
    path("modules/<int:module_id>/", v.module_edit, name="module"),
    path("campaigns/", v.campaigns, name="campaigns"),
    path("campaigns/new/", v.campaign_new, name="campaign_new"),
    path("campaigns/<int:campaign_id>/", v.campaign_edit, name="campaign"),
    path("roster/", v.roster, name="roster"),
    path("roster/new/", v.learner_new, name="learner_new"),
    path("roster/<int:learner_id>/", v.learner_edit, name="learner"),
    path("roster/<int:learner_id>/completions/new/", v.completion_new, name="completion_new"),
    path("imports/", v.imports, name="imports"),
    path("imports/new/", v.import_new, name="import_new"),
    path("imports/<int:run_id>/", v.import_detail, name="import"),
    path("imports/<int:run_id>/progress/", v.import_progress, name="import_progress"),
    path("imports/<int:run_id>/errors.csv", v.import_errors_download, name="import_errors"),
    path("imports/<int:run_id>/discard/", v.import_discard_view, name="import_discard"),
    path("sessions/", v.sessions, name="sessions"),
    path("sessions/new/", v.session_new, name="session_new"),
    path("sessions/<int:session_id>/", v.session_detail, name="session"),
    path("sessions/<int:session_id>/edit/", v.session_edit, name="session_edit"),
]
