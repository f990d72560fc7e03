"""The letters services, importable from one place."""

from .deliveries import letter_delivery_record
from .issue import (
    LETTER_RENDER,
    letter_correct,
    letter_issue,
    letter_template_for,
    letter_templates_ensure,
)
from .links import (
    LETTER_DELIVER,
    letter_deliver,
    letter_handover_record,
    letter_handovers_waiting,
    letter_link_download,
    letter_link_letters,
    letter_link_open,
    letter_link_resend,
    letter_route,
)
from .render import letter_html, letter_open, letter_render, letter_render_failed
from .templates import letter_template_check, letter_template_preview, letter_template_update

__all__ = [
    "LETTER_DELIVER", "LETTER_RENDER", "letter_correct", "letter_deliver",
    "letter_delivery_record", "letter_handover_record", "letter_handovers_waiting", "letter_html",
    "letter_issue", "letter_link_download", "letter_link_letters", "letter_link_open",
    "letter_link_resend", "letter_open", "letter_render", "letter_render_failed", "letter_route",
    "letter_template_check", "letter_template_for", "letter_template_preview",
    "letter_template_update", "letter_templates_ensure",
]
