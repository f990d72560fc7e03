"""Public Report + Support pages, under /<institution_slug>/ (namespace "public:report")."""

from django.urls import path

from .public import exit, followup, pages, wizard

app_name = "report"

urlpatterns = [
    path("support/", pages.support, name="support"),
    path("quick-exit/", exit.quick_exit, name="quick_exit"),
    path("tell-us/", wizard.start, name="start"),
    path("tell-us/check/", wizard.check, name="check"),
    path("tell-us/done/", wizard.done, name="done"),
    path("tell-us/leave/", wizard.leave, name="leave"),
    path("tell-us/<int:number>/", wizard.step, name="step"),
    path("follow-up/", followup.follow_up, name="follow_up"),
    path("follow-up/messages/", followup.follow_up_messages, name="follow_up_messages"),
    path("follow-up/files/", followup.follow_up_files, name="follow_up_files"),
    path("follow-up/contact/", followup.follow_up_contact, name="follow_up_contact"),
    path("follow-up/leave/", followup.follow_up_leave, name="follow_up_leave"),
]
