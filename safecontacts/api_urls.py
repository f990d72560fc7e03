"""The Safe Contact API, under /api/v1/<institution_slug>/: the staff endpoints under
safe-contacts/, the public directory at public/safe-contacts/. Each transition's endpoint is
routed from its declaration in safecontacts/actions.py."""

from django.urls import path

from .actions import ACTIONS
from .api import log, public, records, scheme

RECORD = "safe-contacts/records/<int:record_id>/"

urlpatterns = [
    path("public/safe-contacts/", public.DirectoryView.as_view(),
         name="api-safecontacts-directory"),
    path("safe-contacts/records/", records.RecordListView.as_view(),
         name="api-safecontacts-records"),
    path(RECORD, records.RecordDetailView.as_view(), name="api-safecontacts-record"),
    *(path(RECORD + a.api_path, records.ENDPOINTS[a.key].as_view(), name=a.api_name)
      for a in ACTIONS.values()),
    path("safe-contacts/commitments/", scheme.CommitmentsView.as_view(),
         name="api-safecontacts-commitments"),
    path("safe-contacts/sessions/", scheme.SessionListView.as_view(),
         name="api-safecontacts-sessions"),
    path("safe-contacts/sessions/<int:session_id>/attendance/", scheme.AttendanceView.as_view(),
         name="api-safecontacts-attendance"),
    path("safe-contacts/equality/", scheme.EqualityView.as_view(),
         name="api-safecontacts-equality"),
    path("safe-contacts/contact-log/", log.LogListView.as_view(),
         name="api-safecontacts-contact-log"),
    path("safe-contacts/contact-log/summary/", scheme.LogSummaryView.as_view(),
         name="api-safecontacts-contact-log-summary"),
    path("safe-contacts/contact-log/<int:entry_id>/", log.LogEntryView.as_view(),
         name="api-safecontacts-contact-log-entry"),
    path("safe-contacts/contact-log/<int:entry_id>/refer/", log.LogReferView.as_view(),
         name="api-safecontacts-contact-log-refer"),
]
