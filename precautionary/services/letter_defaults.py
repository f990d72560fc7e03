"""Default texts of the precautionary letters (declared in ``precautionary/letter_kinds.py``).
Each institution gets its own editable copy. Every letter to the student says the measures are
not a finding of guilt (§19); a letter to a protected person says what the order covers, never
the reasons."""
# ruff: noqa: E501 - letter bodies are HTML text

from __future__ import annotations

from .letters import LetterKind

_MEASURES = """<table><tr><th>Measure</th><th>What it covers</th><th>From</th><th>Until</th></tr>
{% for m in measures %}<tr><td>{{ m.type }}</td><td>{{ m.scope }}{% if m.conditions %}<br>{{ m.conditions }}{% endif %}</td><td>{{ m.starts_on }}</td><td>{% if m.ends_on %}{{ m.ends_on }}{% else %}until further notice{% endif %}</td></tr>{% endfor %}
</table>"""

_NOT_GUILT = """<p><strong>{{ not_a_finding }}</strong></p>"""

_RIGHTS = """<h2>Your rights</h2>
<p>You may appeal in writing to {{ appeal_body }} within {{ appeal_window }}{% if appeal_deadline %}: your appeal must reach us by <strong>{{ appeal_deadline }}</strong>{% endif %}. You will receive a response within five (5) working days of your appeal.</p>
<p>You may ask for a review of these measures at any stage if there is a material change in the circumstances of the case.</p>"""

_SUPPORT = """<h2>Your studies and support</h2>
<p><strong>Steps taken to minimise disruption to your studies:</strong> {{ decision.disruption_steps }}</p>
<p><strong>Support available to you:</strong> {{ decision.support_offered }}</p>"""

DEFAULTS = {
    LetterKind.PROPOSAL: (
        "Proposed precautionary measures",
        """<p>Dear {{ recipient.name }},</p>
<p>The {{ group }} proposes to put in place the precautionary measures below ({{ reference }}).</p>
""" + _NOT_GUILT + _MEASURES + """
<p><strong>Reasons:</strong> {{ decision.reasons }}</p>
""" + _SUPPORT + """
<p>You may make representations to the chair of the {{ group }} before the decision is taken, until <strong>{{ decision.representations_due }}</strong>.</p>
"""),
    LetterKind.DECISION: (
        "Decision on precautionary measures",
        """<p>Dear {{ recipient.name }},</p>
<p>The chair of the {{ group }} decided on {{ decision.decided_on }} to put in place the precautionary measures below ({{ reference }}).</p>
""" + _NOT_GUILT + _MEASURES + """
<p><strong>Reasons:</strong> {{ decision.reasons }}</p>
""" + _SUPPORT + _RIGHTS),
    LetterKind.PROTECTED_NOTICE: (
        "Precautionary measures that protect you",
        """<p>Dear {{ recipient.name }},</p>
<p>We are writing to tell you that precautionary measures are in place concerning {{ student.name }} ({{ reference }}). This is what they cover:</p>
""" + _MEASURES + """
<p>Precautionary measures are not a finding of guilt: they are put in place while the matter is dealt with (§19).</p>
<p>If they are not respected, or if you experience any victimisation, please tell us at once.</p>
<p>You are free to talk about your experience with anyone you choose, and support is available to you.</p>
"""),
    LetterKind.APPEAL_OUTCOME: (
        "Outcome of your appeal against precautionary measures",
        """<p>Dear {{ recipient.name }},</p>
<p>Your appeal against the precautionary measures ({{ reference }}) was decided on {{ appeal.decided_on }}.</p>
<p><strong>Outcome:</strong> {{ appeal.result_label }}.</p>
<p><strong>Reasons:</strong> {{ appeal.reasons }}</p>
""" + _NOT_GUILT + """{% if measures %}<p>The measures now in force:</p>""" + _MEASURES + """{% endif %}
<p>You may ask for a review at any stage if there is a material change in the circumstances of the case.</p>
"""),
    LetterKind.REVIEW_OUTCOME: (
        "Review of precautionary measures",
        """<p>Dear {{ recipient.name }},</p>
<p>The {{ group }} reviewed the precautionary measures ({{ reference }}) on {{ review.held_on }}.</p>
<p><strong>Outcome:</strong> {{ review.result_label }}.</p>
<p><strong>Reasons:</strong> {{ review.reasons }}</p>
""" + _NOT_GUILT + """{% if measures %}<p>The measures now in force:</p>""" + _MEASURES + """{% endif %}
<p>You may ask for a review at any stage if there is a material change in the circumstances of the case.</p>
"""),
}
