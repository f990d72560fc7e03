"""The respondent's online appeal, opened from their secure letter link, at
/<institution_slug>/letters/<token>/appeal/ (namespace public:case_portal)."""

from django.urls import path

from . import portal

app_name = "case_portal"

urlpatterns = [
    path("<str:token>/appeal/", portal.appeal, name="appeal"),
]
