"""Default texts of the procedure's letters (declared in ``cases/letter_kinds.py``). Each
institution gets its own editable copy (``letters.models.LetterTemplate``).

Time limits are stated as sentences: "within {{ appeal_window }}" reads "within 10 working days
(§66)"; the rule is never put in brackets of its own (no brackets inside brackets)."""
# ruff: noqa: E501 - letter bodies are HTML text

from __future__ import annotations

from letters.services import letter_templates_ensure

from ..models import LetterKind

_PENALTIES = """{% if outcome.penalties %}<table><tr><th>Penalty</th><th>Amount</th><th>Details</th></tr>
{% for p in outcome.penalties %}<tr><td>{{ p.name }}</td><td>{{ p.amount }}</td><td>{{ p.details }}</td></tr>{% endfor %}
</table>{% endif %}"""

_APPEAL = """{% if is_respondent and appeal_deadline %}<h2>Your right of appeal</h2>
<p>You may appeal to the {{ appeal_body }} within {{ appeal_window }}. Your appeal must reach us by
<strong>{{ appeal_deadline }}</strong>, using the appeal form, on one or more of these grounds:</p>
<ul>{% for g in appeal_grounds %}<li>{{ g }}</li>{% endfor %}</ul>
<p>If your appeal is late you will be asked for a good reason; without one it will not be
considered.</p>{% endif %}"""

_FREE_TO_TALK = """{% if is_reporting_party %}<p>You are free to talk about your experience and
this outcome with anyone you choose. If you would like support, your caseworker is there for
you.</p>{% endif %}"""

DEFAULTS = {
    LetterKind.ALLEGATION_NOTICE: (
        "The allegation{{ allegations|length|pluralize }} against you: your opportunity to respond",
        """<p>Dear {{ recipient.name }},</p>
<p>We are writing to tell you of the allegation{{ allegations|length|pluralize }} made against
you ({{ reference }}), which the {{ extra.investigator }} is investigating, and to invite you to
respond to {{ allegations|length|pluralize:"it,them" }}.</p>
<h2>What is alleged</h2>
<ul>{% for a in allegations %}<li>{{ a.type }} ({{ a.category }})</li>{% endfor %}</ul>
<div class="reasons">{{ extra.particulars }}</div>
<h2>Your opportunity to respond</h2>
<p>You will be given the opportunity to present your case and to respond to the
allegation{{ allegations|length|pluralize }}.{% if extra.meeting_on %} We invite you to a
meeting on <strong>{{ extra.meeting_on }}</strong>{% if extra.meeting_place %} ({{ extra.meeting_place }}){% endif %}.{% endif %}
{% if extra.respond_by %}Please reply, or send us your written response, by
<strong>{{ extra.respond_by }}</strong>.{% endif %}</p>
<p>You may bring {{ extra.companion_words }} to any meeting about the investigation. They
attend as a silent observer. Representation on your behalf is possible only in exceptional
circumstances, such as a reasonable adjustment, agreed with the {{ extra.investigator }}
beforehand.</p>
<p>If you need any reasonable adjustment to take part (for example because of a disability or
your wellbeing), please tell the {{ extra.investigator }} as soon as you can.</p>
<p>If you do not engage with the investigation, it may be completed without your
response.</p>
{% if extra.contact %}<p>Contact: {{ extra.contact }}</p>{% endif %}
<p>Yours sincerely,<br>{{ extra.investigator }}</p>""",
    ),
    LetterKind.INFORMAL_OUTCOME: (
        "Outcome of informal resolution",
        """<p>Dear {{ recipient.name }},</p>
<p>This report confirms the outcome of the informal resolution of the matter concerning
{{ student.name }} ({{ reference }}), decided by the {{ informal_officer }} on
{{ outcome.decided_on }}.</p>
<p><strong>Outcome:</strong> {{ outcome.result_label }}.</p>
<div class="reasons">{{ outcome.reasons }}</div>
""" + _PENALTIES + """
<p>This report is not recorded on the student's file.</p>
""" + _APPEAL + _FREE_TO_TALK + """
<p>Yours sincerely,<br>{{ informal_officer }}</p>""",
    ),
    LetterKind.FORMAL_DECISION: (
        "Decision of the {{ decision_maker }}",
        """<p>Dear {{ recipient.name }},</p>
<p>The {{ decision_maker }} has considered the findings of the investigation into the
allegation{{ allegations|length|pluralize }} concerning {{ student.name }} ({{ reference }}) and,
on the balance of probabilities, decided on {{ outcome.decided_on }}:</p>
<p><strong>{{ outcome.result_label }}.</strong></p>
<h2>Reasons</h2>
<div class="reasons">{{ outcome.reasons }}</div>
""" + _PENALTIES + _APPEAL + _FREE_TO_TALK + """
<p>Yours sincerely,<br>{{ decision_maker }}</p>""",
    ),
    LetterKind.BOARD_NOTICE: (
        "Notice of the {{ board }} hearing",
        """<p>Dear {{ recipient.name }},</p>
<p>The allegation{{ allegations|length|pluralize }} against you ({{ reference }}) will be heard
by the {{ board }} on <strong>{{ extra.hearing_date }}</strong> ({{ extra.hearing_format }}).</p>
<h2>Membership of the {{ board }}</h2>
<ul>{% for m in extra.membership %}<li>{{ m.place }}: {{ m.name }}</li>{% endfor %}</ul>
<p>You may object to the participation of any member by writing to the {{ decision_maker }}
with your reasons by <strong>{{ extra.objection_deadline }}</strong>.</p>
<h2>Arrangements</h2><div class="reasons">{{ extra.arrangements }}</div>
{% if extra.alternative_attendance %}<p>You may attend by video call if you prefer.</p>{% endif %}
<p>{% if extra.proceeds_if_absent %}The hearing may go ahead if you choose not to, or cannot,
attend.{% else %}The hearing will not go ahead without you.{% endif %}</p>
<h2>Summary of the evidence</h2><div class="reasons">{{ extra.evidence_summary }}</div>
<h2>Witnesses</h2>{% if extra.witnesses %}<ul>{% for w in extra.witnesses %}<li>{{ w }}</li>{% endfor %}</ul>
<p>You may ask them questions {{ extra.witness_questions }}.{% if extra.witnesses_by_video %}
Witnesses may attend by video call.{% endif %}</p>{% else %}<p>No witnesses will be called.</p>{% endif %}
<h2>Documents</h2><ul>{% for d in extra.documents %}<li>{{ d }}</li>{% endfor %}</ul>
{% if extra.identities_disclosed %}<p>Attending or named: {{ extra.identities_disclosed }}</p>{% endif %}
<p>You may be accompanied by a friend or a Students' Union representative, who will observe
silently. You may submit and present evidence before or at the hearing.</p>
<p>Yours sincerely,<br>Clerk to the {{ board }}</p>""",
    ),
    LetterKind.BOARD_DECISION: (
        "Decision of the {{ board }}",
        """<p>Dear {{ recipient.name }},</p>
<p>The {{ board }} heard the case {{ reference }} and decided by majority vote on
{{ outcome.decided_on }}:</p>
<p><strong>{{ outcome.result_label }}.</strong></p>
<h2>Reasons</h2><div class="reasons">{{ outcome.reasons }}</div>
""" + _PENALTIES + _APPEAL + _FREE_TO_TALK + """
<p>Yours sincerely,<br>Chair of the {{ board }}</p>""",
    ),
    LetterKind.APPEAL_OUTCOME: (
        "Outcome of {% if is_respondent %}your appeal{% else %}the appeal{% endif %}",
        """<p>Dear {{ recipient.name }},</p>
<p>The {{ appeal_reviewer }} has reviewed the appeal in case {{ reference }} and decided on
{{ outcome.decided_on }}: <strong>{{ outcome.result_label }}</strong>.</p>
<div class="reasons">{{ outcome.reasons }}</div>
<p>The case now returns to the procedure; we will write to you again about the next step.</p>
""" + _FREE_TO_TALK + """
<p>Yours sincerely,<br>{{ appeal_reviewer }}</p>""",
    ),
    LetterKind.NO_APPEAL_CLOSURE: (
        "Your case is closed",
        """<p>Dear {{ recipient.name }},</p>
<p>No appeal was lodged within the time allowed against the decision in case {{ reference }},
so the matter is now closed and the decision stands.</p>
""" + _PENALTIES + """
{% if is_respondent %}<p>You may ask us for a Completion of Procedures letter at any time.</p>{% endif %}
""" + _FREE_TO_TALK + """
<p>Yours sincerely,<br>{{ decision_maker }}</p>""",
    ),
    LetterKind.COMPLETION_OF_PROCEDURES: (
        "Completion of Procedures",
        """<p>Dear {{ recipient.name }},</p>
<p>This letter confirms that the institution's internal procedures in case {{ reference }} are
complete.</p>
{% if outcome %}<p><strong>Final decision:</strong> {{ outcome.result_label }}
({{ outcome.decided_on }}).</p>
<h2>Reasons</h2><div class="reasons">{{ outcome.reasons }}</div>{% endif %}
""" + _PENALTIES + """
<h2>The Office of the Independent Adjudicator</h2>
<p>If you are dissatisfied with the outcome you may complain to the Office of the Independent
Adjudicator for Higher Education (OIA). Your complaint must reach the OIA within
{{ oia_months }} months of the date of this letter, that is by <strong>{{ oia_deadline }}</strong>.
The OIA's service is free to students.</p>
""" + _FREE_TO_TALK + """
<p>Yours sincerely,<br>{{ appeal_reviewer }}</p>""",
    ),
    LetterKind.DELAY_NOTICE: (
        "Your case {{ reference }}: a delay and the new expected date",
        """<p>Dear {{ recipient.name }},</p>
<p>We aim to complete {% if is_respondent %}the case concerning you{% else %}the case you are
involved in{% endif %} ({{ reference }}) within {{ extra.aim }}, that is by
{{ extra.aim_due }}. We are sorry that this will not be possible.</p>
<h2>Why there is a delay</h2><div class="reasons">{{ extra.reason }}</div>
<p>We now expect the case to conclude by <strong>{{ extra.new_date }}</strong>. We will keep you
updated, and tell you again if this date changes.</p>
""" + _FREE_TO_TALK + """
<p>Yours sincerely,<br>{{ decision_maker }}</p>""",
    ),
    LetterKind.INFORMAL_REVIEW_OUTCOME: (
        "Your informal review",
        """<p>Dear {{ recipient.name }},</p>
<p>You asked us on {{ extra.review_requested_on_label }} for an informal review of the outcome of
case {{ reference }}{% if outcome %} ({{ outcome.result_label }}, {{ outcome.decided_on }}){% endif %}.
Someone independent of the case has now reviewed the decision and the process.</p>
<h2>What the review found</h2>
<div class="reasons">{{ extra.findings }}</div>
{% if extra.learning %}<h2>Learning for the future</h2><div class="reasons">{{ extra.learning }}</div>{% endif %}
<p>An informal review does not change the outcome of the case. If you remain dissatisfied you
may give us feedback or make a formal Stage One complaint using the student complaints
procedure.</p>
""" + _FREE_TO_TALK + """
<p>Yours sincerely,<br>Student Conduct team</p>""",
    ),
}


def ensure_letter_templates(*, institution) -> None:
    """Give the institution every default template of the procedure it does not have yet
    (edits are kept)."""
    letter_templates_ensure(institution=institution, app="cases")
