"""Case API, under /api/v1/<institution_slug>/cases/."""

from django.urls import path

from . import api

CASE = "<int:case_id>/"

urlpatterns = [
    path("", api.CaseListView.as_view(), name="api-cases"),
    path(CASE, api.CaseDetailView.as_view(), name="api-case"),
    path(CASE + "intake-decision/", api.IntakeDecisionView.as_view(),
         name="api-case-intake-decision"),
    path(CASE + "assign/", api.AssignView.as_view(), name="api-case-assign"),
    path(CASE + "unassign/", api.UnassignView.as_view(), name="api-case-unassign"),
    path(CASE + "informal-outcome/", api.InformalOutcomeView.as_view(),
         name="api-case-informal-outcome"),
    path(CASE + "refer-to-formal/", api.ReferToFormalView.as_view(),
         name="api-case-refer-to-formal"),
    path(CASE + "formal-decision/", api.FormalDecisionView.as_view(),
         name="api-case-formal-decision"),
    path(CASE + "board-notice/", api.BoardNoticeView.as_view(), name="api-case-board-notice"),
    path(CASE + "board-objection/", api.BoardObjectionView.as_view(),
         name="api-case-board-objection"),
    path(CASE + "board-objection-decision/", api.BoardObjectionDecisionView.as_view(),
         name="api-case-board-objection-decision"),
    path(CASE + "board-hearing/", api.BoardHearingView.as_view(),
         name="api-case-board-hearing"),
    path(CASE + "board-decision/", api.BoardDecisionView.as_view(),
         name="api-case-board-decision"),
    path(CASE + "appeals/", api.AppealLodgeView.as_view(), name="api-case-appeals"),
    path(CASE + "appeals/<int:appeal_id>/late-decision/", api.AppealLateDecisionView.as_view(),
         name="api-case-appeal-late-decision"),
    path(CASE + "appeals/<int:appeal_id>/decision/", api.AppealDecisionView.as_view(),
         name="api-case-appeal-decision"),
    path(CASE + "close-no-appeal/", api.CloseNoAppealView.as_view(),
         name="api-case-close-no-appeal"),
    path(CASE + "completion-letter/", api.CompletionLetterView.as_view(),
         name="api-case-completion-letter"),
    path(CASE + "pause/", api.PauseView.as_view(), name="api-case-pause"),
    path(CASE + "resume/", api.ResumeView.as_view(), name="api-case-resume"),
    path(CASE + "extend-deadline/", api.ExtendDeadlineView.as_view(),
         name="api-case-extend-deadline"),
    path(CASE + "evidence/", api.EvidenceView.as_view(), name="api-case-evidence"),
    path(CASE + "evidence/<int:doc_id>/download/", api.EvidenceDownloadView.as_view(),
         name="api-case-evidence-download"),
    path(CASE + "letters/", api.LetterListView.as_view(), name="api-case-letters"),
    path(CASE + "letters/<int:letter_id>/download/", api.LetterDownloadView.as_view(),
         name="api-case-letter-download"),
    path(CASE + "letters/<int:letter_id>/correct/", api.LetterCorrectView.as_view(),
         name="api-case-letter-correct"),
]
