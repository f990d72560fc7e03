"""Staff pages of the Safe Contact scheme, under /<institution_slug>/staff/safe-contacts/
(namespace staff:safecontacts). Each transition's page is routed from its declaration in
safecontacts/actions.py."""

from django.urls import path

from . import views as v
from .actions import ACTIONS

app_name = "safecontacts"

record = "<int:record_id>/"

urlpatterns = [
    path("", v.home, name="home"),
    path("apply/", v.apply, name="apply"),
    path("records/", v.record_list, name="list"),
    path("records/" + record, v.record_detail, name="detail"),
    *(path("records/" + record + a.page_path, v.PAGES[a.key].as_view(), name=a.key)
      for a in ACTIONS.values()),
    path("commitments/", v.commitments, name="commitments"),
    path("sessions/", v.sessions, name="sessions"),
    path("sessions/new/", v.session_new, name="session_new"),
    path("sessions/<int:session_id>/", v.session_attendance, name="session"),
    path("equality/", v.equality, name="equality"),
    path("contact-log/", v.log_list, name="log"),
    path("contact-log/new/", v.log_new, name="log_new"),
    path("contact-log/summary/", v.log_summary_view, name="log_summary"),
    path("contact-log/<int:entry_id>/", v.log_entry, name="log_entry"),
    path("contact-log/<int:entry_id>/refer/", v.log_refer, name="log_refer"),
]
