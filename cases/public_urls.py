"""The parties' forms, opened from their secure letter link (namespace public:case_portal): the
respondent's online appeal at /<institution_slug>/letters/<token>/appeal/, and a reporting
student's request for an informal review (004) at .../<token>/informal-review/."""

from django.urls import path

from . import portal

app_name = "case_portal"

urlpatterns = [
    path("<str:token>/appeal/", portal.appeal, name="appeal"),
    path("<str:token>/informal-review/", portal.informal_review, name="informal_review"),
]
