"""Every transition of a case, declared once (issue 8 §2): its key (the policy's), the words
the person sees, the paragraph of the procedure, and where its page and its API endpoint live.

From this table come the staff URL patterns (cases/urls.py), the API's (cases/api_urls.py),
the links of "What you can do now" and the API's ``available_actions`` (:func:`offers`), and
the list the need-to-know tests walk. The page and the API endpoint name their transition by
``key``; the policy (cases/policies.py) and the service decide.

Adding a transition: its service, its policy, its entry here with its page and API classes
(form and serializer), and its template if the generic one will not do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from accounts.roles import Role
from core.policies import Offer, Verdict

from .models import CaseSettings
from .policies import CaseState, case_verdicts
from .procedure_text import procedure_words


@dataclass(frozen=True)
class Transition:
    key: str
    #: What the action is called, in the institution's words: (state, row) -> text.
    label: Callable[[CaseState, object], str]
    paragraph: str
    #: The page's path below the case ("formal-decision/") and URL name (staff:cases:<name>).
    page_path: str
    page_name: str
    #: The API's path below the case and URL name.
    api_path: str
    api_name: str
    #: For an action on a row of the case: the URL keyword naming it.
    object_kwarg: str = ""
    #: For an action on a row elsewhere, chosen on the page: the query parameter naming it.
    query_kwarg: str = ""
    #: False for actions whose page and endpoint are routed by their own module (the
    #: investigation file's): offered from here, routed there.
    routed: bool = True


def _board(s: CaseState) -> str:
    return CaseSettings.of(s.institution).board_label


def _day(value) -> str:
    return f"{value.day} {value:%b %Y}"


def _t(key, label, paragraph, page, api, object_kwarg="", page_name="", api_name="",
       query_kwarg="", routed=True):
    text = label if callable(label) else (lambda s, o, _text=label: _text)
    return Transition(key, text, paragraph, page, page_name or key, api,
                      api_name or f"api-case-{api.rstrip('/').split('/')[-1]}", object_kwarg,
                      query_kwarg, routed)


def _dm(s: CaseState) -> str:
    return s.institution.role_label(Role.DECISION_MAKER)


def _breach(s: CaseState, breach) -> str:
    if breach is None:
        return "Refer a breach as a new allegation"
    what = ("the breach of a measure" if breach.kind == breach.Kind.BREACH
            else "the victimisation")
    return (f"Refer {what} on {_day(breach.occurred_on)} ({breach.matter.reference}) as a new "
            "allegation")


#: In the order of the procedure, which is the order they are offered in.
TRANSITIONS: dict[str, Transition] = {t.key: t for t in (
    _t("intake", "Decide whether to proceed", "§27, §37", "intake/", "intake-decision/"),
    _t("informal_outcome", "Record the informal outcome", "§30", "informal-outcome/",
       "informal-outcome/"),
    _t("refer_to_formal", "Refer the case to the formal stage", "§27, §32",
       "refer-to-formal/", "refer-to-formal/"),
    # The investigation file's actions (§28, §39-44), routed by cases/urls.py's and
    # cases/api_urls.py's investigation entries.
    _t("allegation_notice", "Send the student the notice of the allegation and the "
       "invitation to respond", "§28, §41", "investigation/allegation-notice/",
       "allegation-notice/", page_name="allegation_notice",
       api_name="api-case-allegation-notice", routed=False),
    _t("investigation_record", "Add to the investigation file: meetings, statements, "
       "requests for evidence", "§41-43", "investigation/", "investigation/meetings/",
       page_name="investigation", api_name="api-case-investigation-meetings", routed=False),
    _t("investigation_report",
       lambda s, o: f"Submit the investigator's report to the {_dm(s)}", "§39",
       "investigation/report/", "investigation/reports/", page_name="investigation_report",
       api_name="api-case-investigation-reports", routed=False),
    _t("formal_decision",
       lambda s, o: f"Record the decision of the {s.institution.role_label(Role.DECISION_MAKER)}",
       "§45-51", "formal-decision/", "formal-decision/"),
    _t("board_notice", "Send the notice of the hearing to the student", "§58",
       "board/notice/", "board-notice/"),
    _t("objection", lambda s, o: f"Record an objection to a member of the {_board(s)}", "§58",
       "board/objection/", "board-objection/", api_name="api-case-board-objection"),
    _t("hearing", "Record what happened at the hearing", "§59-60", "board/hearing/",
       "board-hearing/"),
    _t("board_decision", lambda s, o: f"Record the decision of the {_board(s)}", "§61-64",
       "board/decision/", "board-decision/"),
    _t("appeal_lodge", "Record an appeal (Appendix B)", "§33, §66", "appeal/", "appeals/",
       api_name="api-case-appeals"),
    _t("informal_review_request", "Record a reporting student's request for an informal "
       "review", "004 Appeals: reporting students", "informal-reviews/", "informal-reviews/",
       api_name="api-case-informal-reviews"),
    _t("close_no_appeal", "Close the case: no appeal was lodged", "§66", "close/",
       "close-no-appeal/"),
    _t("completion_letter", "Issue a Completion of Procedures letter", "§36, §70-71",
       "completion-letter/", "completion-letter/"),
    _t("allegation_add", _breach, "§23, §37", "allegations/from-breach/",
       "allegations/from-breach/", page_name="allegation_from_breach",
       api_name="api-case-allegation-from-breach", query_kwarg="breach"),
    _t("assign", "Appoint someone to the case", "§39, §53, §55", "assign/", "assign/"),
    _t("unassign", lambda s, o: f"End the appointment of {o.user}" if o else
       "End an appointment", "", "assignments/<int:assignment_id>/end/", "unassign/",
       object_kwarg="assignment_id"),
    _t("extend_deadline", "Extend a deadline", "§44", "deadlines/extend/", "extend-deadline/"),
    _t("delay_notify", "Send the parties a delay letter with the new expected date", "§44",
       "delay-letter/", "delay-letter/"),
    _t("pause", "Pause the case", "§12, §16, §44", "pause/", "pause/"),
    _t("pause_told", "Record who was told of the pause", "§44",
       "pauses/<int:pause_id>/told/", "pauses/<int:pause_id>/told/", object_kwarg="pause_id",
       api_name="api-case-pause-told"),
    _t("resume", "Resume the case", "", "resume/", "resume/"),
    _t("evidence", "Add evidence", "", "evidence/", "evidence/", page_name="evidence_add"),
    _t("objection_decision",
       lambda s, o: f"Decide the objection to {o.member}" if o else "Decide an objection",
       "§58", "board/objections/<int:objection_id>/decide/", "board-objection-decision/",
       object_kwarg="objection_id", page_name="objection_decide"),
    _t("late_appeal",
       lambda s, o: (f"Decide whether to consider the late appeal received "
                     f"{_day(o.received_on)}") if o else "Decide on a late appeal",
       "§35, §66", "appeals/<int:appeal_id>/late/", "appeals/<int:appeal_id>/late-decision/",
       object_kwarg="appeal_id", page_name="appeal_late",
       api_name="api-case-appeal-late-decision"),
    _t("letter_delivery",
       lambda s, o: f"Record that the letter to {o.recipient.get('name', '')} was sent" if o
       else "Record that a letter was sent", "§51, §66",
       "letters/<int:letter_id>/deliveries/", "letters/<int:letter_id>/deliveries/",
       object_kwarg="letter_id", page_name="letter_delivery",
       api_name="api-case-letter-deliveries"),
    _t("appeal_decision",
       lambda s, o: f"Decide the appeal received {_day(o.received_on)}" if o
       else "Decide an appeal", "§35, §69", "appeals/<int:appeal_id>/decide/",
       "appeals/<int:appeal_id>/decision/", object_kwarg="appeal_id",
       page_name="appeal_decide", api_name="api-case-appeal-decision"),
    _t("appeal_panel_convene",
       lambda s, o: (f"Convene an appeals panel for the appeal received "
                     f"{_day(o.received_on)}") if o else "Convene an appeals panel",
       "004 Appeals", "appeals/<int:appeal_id>/panel/", "appeals/<int:appeal_id>/panel/",
       object_kwarg="appeal_id", page_name="appeal_panel_convene",
       api_name="api-case-appeal-panel"),
    _t("appeal_panel_decision",
       lambda s, o: (f"Record the appeals panel's decision on the appeal received "
                     f"{_day(o.received_on)}") if o else "Record an appeals panel's decision",
       "004 Appeals", "appeals/<int:appeal_id>/panel/decide/",
       "appeals/<int:appeal_id>/panel/decision/", object_kwarg="appeal_id",
       page_name="appeal_panel_decide", api_name="api-case-appeal-panel-decision"),
    _t("informal_review_appoint",
       lambda s, o: (f"Ask someone to review the request made online {_day(o.requested_on)}")
       if o else "Appoint an informal reviewer", "004 Appeals: reporting students",
       "informal-reviews/<int:review_id>/reviewer/",
       "informal-reviews/<int:review_id>/reviewer/", object_kwarg="review_id",
       page_name="informal_review_appoint", api_name="api-case-informal-review-reviewer"),
    _t("informal_review_decision",
       lambda s, o: (f"Record the informal review requested {_day(o.requested_on)}") if o
       else "Record an informal review", "004 Appeals: reporting students",
       "informal-reviews/<int:review_id>/complete/",
       "informal-reviews/<int:review_id>/completion/", object_kwarg="review_id",
       page_name="informal_review_complete", api_name="api-case-informal-review-completion"),
)}


def _kwargs(state: CaseState, transition: Transition, obj) -> dict:
    kwargs = {"institution_slug": state.institution.slug, "case_id": state.case.pk}
    if transition.object_kwarg and obj is not None:
        kwargs[transition.object_kwarg] = obj.pk
    return kwargs


def offer(state: CaseState, verdict: Verdict) -> Offer:
    t = TRANSITIONS[verdict.key]
    kwargs = _kwargs(state, t, verdict.obj)
    api_kwargs = {k: v for k, v in kwargs.items() if f"<int:{k}>" in t.api_path
                  or k in ("institution_slug", "case_id")}
    words = procedure_words(state.institution)
    url = reverse(f"staff:cases:{t.page_name}", kwargs=kwargs)
    if t.query_kwarg and verdict.obj is not None:
        url += f"?{t.query_kwarg}={verdict.obj.pk}"
    return Offer(
        key=t.key, label=words.label(f"action.{t.key}", t.label(state, verdict.obj)),
        hint=words.ref(f"action.{t.key}", t.paragraph), url=url,
        api_url=reverse(t.api_name, kwargs=api_kwargs),
        refusal=words.say(verdict.refusal.message) if verdict.refusal else "",
        object_id=verdict.obj.pk if verdict.obj is not None else None)


def offers(state: CaseState) -> list[Offer]:
    """What this person can do now, and what is theirs but blocked (with the reason), in the
    order of the procedure: the case page's list and the API's ``available_actions``."""
    order = list(TRANSITIONS)
    verdicts = sorted(case_verdicts(state), key=lambda v: order.index(v.key))
    return [offer(state, v) for v in verdicts]
