"""The staff insights dashboard, under /<institution_slug>/staff/insights/ (namespace
staff:insights)."""

from django.urls import path

from . import views_dashboard as v

app_name = "insights"

urlpatterns = [
    path("", v.dashboard, name="dashboard"),
    path("export.csv", v.export, name="export"),
]
