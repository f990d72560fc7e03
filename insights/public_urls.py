"""The public "Information & Insights" page, under /<institution_slug>/ (namespace
public:insights)."""

from django.urls import path

from . import views_public as v

app_name = "insights"

urlpatterns = [
    path("insights/", v.insights_page, name="home"),
    path("insights/<int:report_id>/", v.public_report_page, name="report"),
    path("insights/<int:report_id>/report.pdf", v.public_pdf, name="pdf"),
    path("insights/<int:report_id>/figures.csv", v.public_csv, name="csv"),
]
