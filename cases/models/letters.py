"""The kinds of letter the disciplinary procedure sends. Letters and their templates are the
letters app's (``letters.models``), re-exported here for the cases app's code; the kinds are
declared to it in ``cases/letter_kinds.py``."""

from __future__ import annotations

from django.db import models

from letters.models import Letter, LetterTemplate

__all__ = ["Letter", "LetterKind", "LetterTemplate"]


class LetterKind(models.TextChoices):
    ALLEGATION_NOTICE = ("allegation_notice",
                         "Notice of the allegation and invitation to respond (§28, §41)")
    INFORMAL_OUTCOME = "informal_outcome", "Informal outcome report (§30)"
    FORMAL_DECISION = "formal_decision", "Formal decision (§50-51)"
    BOARD_NOTICE = "board_notice", "Notice of the Board (§58)"
    BOARD_DECISION = "board_decision", "Board decision (§64)"
    APPEAL_OUTCOME = "appeal_outcome", "Appeal outcome (§69)"
    NO_APPEAL_CLOSURE = "no_appeal_closure", "Closure: no appeal lodged (§66)"
    COMPLETION_OF_PROCEDURES = "completion_of_procedures", "Completion of Procedures (§36, §70-71)"
    DELAY_NOTICE = "delay_notice", "Notice of a delay and the new expected date (§44)"
    INFORMAL_REVIEW_OUTCOME = ("informal_review_outcome",
                               "Informal review outcome (reporting student)")
