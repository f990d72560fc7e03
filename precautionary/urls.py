"""Staff pages for precautionary matters, under /<institution_slug>/staff/precautionary/
(namespace staff:precautionary). Each transition's page is routed from its declaration in
precautionary/actions.py."""

from django.urls import path

from . import views as v
from .actions import ACTIONS, UNAPPOINT_PATH

app_name = "precautionary"

matter = "<int:matter_id>/"

urlpatterns = [
    path("", v.queue, name="queue"),
    path("new/", v.matter_open_view, name="open"),
    path("security/", v.security_measures, name="security"),
    path(matter, v.matter_detail, name="detail"),
    *(path(matter + a.page_path, v.PAGES[a.key].as_view(), name=a.page_name)
      for a in ACTIONS.values()),
    path(matter + UNAPPOINT_PATH, v.UnappointView.as_view(), name="unappoint"),
    path(matter + "letters/<int:letter_id>/pdf/", v.letter_download, name="letter_download"),
]
