"""Staff pages of insights, under /<institution_slug>/staff/insights/ (namespace staff:insights):
the dashboard (insights/urls_dashboard.py), the insight reports and the external figures. Each
report action's page is routed from its declaration in insights/actions.py."""

from django.urls import path

from . import urls_dashboard
from . import views as v
from . import views_external as x
from .actions import ACTIONS
from .views_transitions import PAGES

app_name = "insights"

report = "reports/<int:report_id>/"

urlpatterns = [
    *urls_dashboard.urlpatterns,
    path("reports/", v.report_list, name="reports"),
    path("reports/new/", v.report_new, name="generate"),
    path(report, v.report_detail, name="detail"),
    path(report + "report.pdf", v.report_pdf, name="pdf"),
    path(report + "figures.csv", v.report_csv, name="csv"),
    *(path(report + a.path, PAGES[a.key].as_view(), name=a.key) for a in ACTIONS.values()),
    path("external/", x.import_list, name="imports"),
    path("external/example.csv", x.import_example, name="import_example"),
    path("external/<int:import_id>/", x.import_detail, name="import"),
    path("external/<int:import_id>/problems.csv", x.import_problems, name="import_problems"),
    path("external/<int:import_id>/withdraw/", x.import_withdraw, name="import_withdraw"),
]
