"""Each institution's own words for its procedure (issue 13 item 6): the paragraph references,
labels and help texts the staff pages, forms, letters and the API show.

Two procedures ship (``cases/services/setup.py``): 002 cites numbered paragraphs (§45-51) and
has a Board of Discipline; 004 (Midshire's) is a web page with section headings and no paragraph
numbers, a Student Discipline Panel, an Academic Registrar and a designated member. Which one an
institution runs is ``CaseSettings.procedure_shape``; ``CaseSettings.wording`` overrides any
key's reference for that institution (an empty text hides it).

* Stable keys (:data:`WORDS`) name what is cited: ``{% cite "previous_misconduct" %}`` in a
  template, ``procedure_words(institution).ref("action.formal_decision")`` in Python.
* Texts written once in 002's words (form help texts, page introductions, error messages) are
  said in the institution's words by :meth:`ProcedureWords.say`: each 002 citation becomes the
  shape's own reference (:func:`_heading_004`) and "the Board" its name for the Board.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.forms import form_in_words

DEFAULT_SHAPE = "002"

#: 004's section headings, cited as "004, <heading>".
CONSIDERED = "004, How your report will be considered"
INVESTIGATION = "004, The investigation process"
DECISION = "004, The decision-making process"
TIMESCALES = "004, Timescales for investigation and decision making"
OUTCOMES = "004, Possible outcomes"
COMMUNICATED = "004, How decisions are communicated"
APPEAL = "004, Appeal process"


@dataclass(frozen=True)
class Words:
    #: The paragraph reference ("§45-51", "004, The decision-making process"); "" for none.
    ref: str = ""
    #: The thing's name where the procedure words it differently ("" keeps the default).
    label: str = ""


#: Per procedure shape: stable key -> its words. ``action.<transition key>`` are the
#: transitions of cases/transitions.py (002's paragraph is declared there, with the
#: transition); ``letter.<kind>`` the letter kinds.
WORDS: dict[str, dict[str, Words]] = {
    "002": {
        "police_alerted": Words("§37"),
        "misconduct_type": Words("§24"),
        "identity_withheld": Words("§58"),
        "precautionary": Words("§19-23, §38"),
        "not_guilt": Words("§19"),
        "board_votes": Words("§61"),
        "previous_misconduct": Words("§47-48"),
        "informal_not_counted": Words("§31"),
        "appointment_conflicts": Words("§39, §53, §55"),
        "hearing_absence": Words("§59"),
        "board_notice_rights": Words("§58"),
        "allegation_summary": Words("Appendix A"),
        "appeal_form": Words("Appendix B"),
    },
    "004": {
        "police_alerted": Words(""),
        "misconduct_type": Words(""),
        "identity_withheld": Words(""),
        "precautionary": Words(CONSIDERED),
        "not_guilt": Words(CONSIDERED),
        "board_votes": Words(""),
        "previous_misconduct": Words(""),
        "informal_not_counted": Words(""),
        "appointment_conflicts": Words(DECISION),
        "hearing_absence": Words(""),
        "board_notice_rights": Words(""),
        "allegation_summary": Words("INAM report"),
        "allegation_form": Words(
            "004, How to make a report",
            "Interpersonal Non-Academic Misconduct (INAM) report"),
        "appeal_form": Words(""),
        "action.intake": Words(CONSIDERED),
        "action.informal_outcome": Words(CONSIDERED),
        "action.refer_to_formal": Words(INVESTIGATION),
        "action.formal_decision": Words(DECISION),
        "action.board_notice": Words(DECISION),
        "action.objection": Words(""),
        "action.hearing": Words(DECISION),
        "action.board_decision": Words(DECISION),
        "action.appeal_lodge": Words(APPEAL, "Record an appeal"),
        "action.close_no_appeal": Words(APPEAL),
        "action.completion_letter": Words(APPEAL),
        "action.allegation_add": Words(""),
        "action.assign": Words(INVESTIGATION),
        "action.extend_deadline": Words(TIMESCALES),
        "action.pause": Words(INVESTIGATION),
        "action.objection_decision": Words(""),
        "action.late_appeal": Words(APPEAL),
        "action.letter_delivery": Words(COMMUNICATED),
        "action.appeal_decision": Words(APPEAL),
        "letter.informal_outcome": Words(CONSIDERED, "Informal outcome"),
        "letter.formal_decision": Words(COMMUNICATED, "Outcome letter"),
        "letter.board_notice": Words(DECISION),
        "letter.board_decision": Words(COMMUNICATED),
        "letter.appeal_outcome": Words(APPEAL),
        "letter.no_appeal_closure": Words(APPEAL),
        "letter.completion_of_procedures": Words(APPEAL),
    },
}

#: 004 has no paragraph numbers: a 002 paragraph is cited as the 004 section that covers the
#: same step, or not at all where 004 says nothing of it (the Board's hearing rules, §53-61).
_004_EXCEPTIONS = {12: INVESTIGATION, 16: INVESTIGATION, 24: "", 37: "", 44: TIMESCALES,
                   46: CONSIDERED, 47: "", 48: "", 49: OUTCOMES, 51: COMMUNICATED, 62: OUTCOMES,
                   63: ""}
_004_RANGES = [(1, 18, ""), (19, 32, CONSIDERED), (33, 36, APPEAL), (37, 44, INVESTIGATION),
               (45, 52, DECISION), (53, 61, ""), (62, 64, DECISION), (65, 71, APPEAL)]


def _heading_004(citation: str) -> str:
    """004's reference for a 002 citation ("§45-51", "§39, §53, §55", "Appendix B")."""
    match = re.search(r"§(\d+)", citation)
    if not match:
        return ""  # 002's appendices (the forms) have no 004 counterpart
    number = int(match.group(1))
    if number in _004_EXCEPTIONS:
        return _004_EXCEPTIONS[number]
    return next((ref for low, high, ref in _004_RANGES if low <= number <= high), "")


#: A citation of 002 inside a text: "§58", "§47.3-47.4", "002 §54", "Appendix B" (not "000 §8",
#: which is the prevention policy every institution shares).
_CITATION = r"(?:002 )?§\d[\d.]*(?:[-–]\d[\d.]*)?|Appendix [A-C]"
_CITATIONS = re.compile(rf"(?<!000 )(?:{_CITATION})(?:\s*(?:,|;|and)\s*(?:{_CITATION}))*")
_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)")


class ProcedureWords:
    """The words of one institution's procedure. ``procedure_words(institution)``."""

    def __init__(self, shape: str, wording: dict | None = None, board: str = ""):
        self.shape = shape if shape in WORDS else DEFAULT_SHAPE
        self.wording = wording or {}
        self.board = board

    @property
    def cites_paragraphs(self) -> bool:
        """Whether the texts written in 002's words are this procedure's own."""
        return self.shape == DEFAULT_SHAPE

    def ref(self, key: str, default: str = "") -> str:
        """The reference for ``key``; ``default`` is 002's (a transition declares its own)."""
        if key in self.wording:
            return str(self.wording[key] or "")
        words = WORDS[self.shape].get(key)
        if words is not None:
            return words.ref
        return default if self.cites_paragraphs else self._translate(default)

    def cite(self, key: str, default: str = "") -> str:
        """" (§47-48)" to follow a label, or "" where the procedure cites nothing."""
        ref = self.ref(key, default)
        return f" ({ref})" if ref else ""

    def label(self, key: str, default: str) -> str:
        """The procedure's own name for ``key``, else ``default`` in its words."""
        words = WORDS[self.shape].get(key)
        return words.label if words is not None and words.label else self.say(default)

    def _translate(self, citation: str) -> str:
        if not citation or self.cites_paragraphs:
            return citation
        return _heading_004(citation) if self.shape == "004" else ""

    def say(self, text) -> str:
        """A text written in 002's words, in this procedure's: 002 citations become its own
        references (or go), and "the Board" its name for the Board."""
        text = str(text)
        if self.cites_paragraphs:
            return text
        if self.board and self.board != "Board":
            text = _board(text, self.board)
        if "§" not in text and "Appendix" not in text:
            return text
        text = _PARENTHESIS.sub(self._parenthesis, text)
        text = _CITATIONS.sub(lambda m: self._translate(m.group(0)), text)
        return re.sub(r"\s+([.,;:])", r"\1", text).strip()

    def _parenthesis(self, match: re.Match) -> str:
        inner = match.group(1)
        citations = list(_CITATIONS.finditer(inner))
        if not citations:
            return match.group(0)
        own = self._translate(citations[0].group(0))
        rest = _CITATIONS.sub("", inner)
        rest = re.sub(r"^[\s,;:]+|[\s,;:]+$", "", rest)
        rest = re.sub(r"\s*[,;]\s*[,;]\s*", "; ", rest)
        parts = [p for p in (rest, own) if p]
        lead = match.group(0)[: len(match.group(0)) - len(match.group(0).lstrip())]
        return f"{lead}({'; '.join(parts)})" if parts else ""


def _board(text: str, board: str) -> str:
    text = text.replace("Board of Discipline", board)
    text = re.sub(r"\b(the|a|The|A) Board\b", lambda m: f"{m.group(1)} {board}", text)
    text = re.sub(r"^Board\b", board, text)
    return re.sub(r"(?<=[(\s])Board (?=member|decision|hearing)", f"{board} ", text)


def procedure_words(institution) -> ProcedureWords:
    """The procedure words of ``institution`` (its CaseSettings are read once a request)."""
    if institution is None:
        return ProcedureWords(DEFAULT_SHAPE)
    from .models import CaseSettings

    settings = CaseSettings.of(institution)
    return ProcedureWords(settings.procedure_shape, settings.wording or {},
                          settings.board_label or "")



def procedure_words_say(institution, text: str) -> str:
    """``text`` (in 002's words) in the institution's: the wording source of precautionary."""
    return procedure_words(institution).say(text)


def form_in_own_words(form, words: ProcedureWords):
    """A form written in 002's words (labels, help texts, choices, errors), in ``words``'."""
    if form is None or words.cites_paragraphs:
        return form
    return form_in_words(form, words.say)
