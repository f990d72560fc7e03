"""Staff pages of the retention schedule, under /<institution_slug>/staff/retention/
(namespace staff:retention)."""

from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("", views.due_list, name="due"),
    path("holds/", views.holds, name="holds"),
    path("holds/<int:hold_id>/release/", views.hold_release, name="hold_release"),
]
