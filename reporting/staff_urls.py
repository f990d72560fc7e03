"""URLs: the staff pages of Report + Support, at /<institution_slug>/staff/reports/."""

from django.urls import path

from .staff import actions as a
from .staff.detail import evidence_download, report_detail
from .staff.queue import queue

app_name = "reporting"

report = "<int:report_id>/"

urlpatterns = [
    path("", queue, name="queue"),
    path(report, report_detail, name="detail"),
    path(report + "evidence/<int:evidence_id>/", evidence_download, name="evidence"),
    path(report + "assign/", a.AssignView.as_view(), name="assign"),
    path(report + "status/", a.StatusView.as_view(), name="status"),
    path(report + "tags/", a.TagsView.as_view(), name="tags"),
    path(report + "appointments/", a.AppointmentView.as_view(), name="appointment"),
    path(report + "support-actions/", a.SupportActionView.as_view(), name="support_action"),
    path(report + "messages/", a.MessageView.as_view(), name="message"),
    path(report + "notes/", a.NoteView.as_view(), name="note"),
    path(report + "refer-to-hr/", a.ReferHRView.as_view(), name="refer_hr"),
    path(report + "refer-for-risk-assessment/", a.ReferRiskView.as_view(), name="refer_risk"),
    path(report + "escalate/", a.EscalateView.as_view(), name="escalate"),
    path(report + "close/", a.CloseView.as_view(), name="close"),
]
