"""Staff pages for cases, under /<institution_slug>/staff/cases/ (namespace staff:cases)."""

from django.urls import path

from . import views as v

app_name = "cases"

case = "<int:case_id>/"

urlpatterns = [
    path("", v.queue, name="queue"),
    path("new/", v.case_open_view, name="open"),
    path("letter-templates/", v.letter_template_list, name="letter_templates"),
    path("letter-templates/<slug:kind>/", v.letter_template_edit, name="letter_template_edit"),
    path(case, v.case_detail, name="detail"),
    path(case + "intake/", v.IntakeDecisionView.as_view(), name="intake"),
    path(case + "assign/", v.AssignView.as_view(), name="assign"),
    path(case + "assignments/<int:assignment_id>/end/", v.UnassignView.as_view(),
         name="unassign"),
    path(case + "informal-outcome/", v.InformalOutcomeView.as_view(), name="informal_outcome"),
    path(case + "refer-to-formal/", v.ReferToFormalView.as_view(), name="refer_to_formal"),
    path(case + "formal-decision/", v.FormalDecisionView.as_view(), name="formal_decision"),
    path(case + "board/notice/", v.BoardNoticeView.as_view(), name="board_notice"),
    path(case + "board/objection/", v.ObjectionView.as_view(), name="objection"),
    path(case + "board/objections/<int:objection_id>/decide/",
         v.ObjectionDecisionView.as_view(), name="objection_decide"),
    path(case + "board/hearing/", v.HearingView.as_view(), name="hearing"),
    path(case + "board/decision/", v.BoardDecisionView.as_view(), name="board_decision"),
    path(case + "appeal/", v.AppealLodgeView.as_view(), name="appeal_lodge"),
    path(case + "appeals/<int:appeal_id>/late/", v.LateAppealDecisionView.as_view(),
         name="appeal_late"),
    path(case + "appeals/<int:appeal_id>/decide/", v.AppealDecisionView.as_view(),
         name="appeal_decide"),
    path(case + "close/", v.CloseNoAppealView.as_view(), name="close_no_appeal"),
    path(case + "completion-letter/", v.CompletionLetterView.as_view(),
         name="completion_letter"),
    path(case + "pause/", v.PauseView.as_view(), name="pause"),
    path(case + "resume/", v.ResumeView.as_view(), name="resume"),
    path(case + "deadlines/extend/", v.ExtendDeadlineView.as_view(), name="extend_deadline"),
    path(case + "evidence/", v.EvidenceAddView.as_view(), name="evidence_add"),
    path(case + "evidence/<int:document_id>/", v.evidence_download, name="evidence_download"),
    path(case + "letters/<int:letter_id>/pdf/", v.letter_download, name="letter_download"),
]
