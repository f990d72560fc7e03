"""Formal case outcomes for the annual report (000 §3: "anonymous information on formal case
outcomes"): decisions by stage and result, penalties by type, appeals and their results, and
the time from the allegation to the Completion of Procedures. One query each; never a name,
a reason or any other free text."""

from __future__ import annotations

from collections import defaultdict

from cases.models import Appeal, Case, ImposedPenalty, Outcome, Stage

from ..figures import Table
from .common import Window, choice_rows, grouped, table, weighted_median
from .retained import iso_day, kept, merge, retained


def _pair(value: str) -> tuple[str, str | None]:
    first, second = value.split("|")
    return first, second or None

DECISIONS = [Outcome.Kind.INFORMAL, Outcome.Kind.FORMAL, Outcome.Kind.BOARD]
COMPLETION = "completion_time"


def case_outcomes(institution, window: Window) -> Table:
    """Every decision ending a stage (informal outcome, formal decision, Board decision), by the
    day it was decided, whether or not an appeal later changed it."""
    counts = merge(grouped(Outcome.objects.for_institution(institution)
                           .filter(kind__in=DECISIONS), window, by=("kind", "result"),
                           date="decided_on"),
                   {k: v for k, v in retained(institution, window, kept.OUTCOME,
                                              key=_pair).items() if k[0] in DECISIONS})
    kinds = dict(Outcome.Kind.choices)
    labels = [((kind, result), f"{kinds[kind]}: {label.lower()}")
              for kind in DECISIONS for result, label in Outcome.Result.choices]
    return table("case_outcomes", "Outcomes of disciplinary cases", "Decision", window,
                 choice_rows(counts, labels, len(window.periods), keep_empty=False),
                 note="Each decision that ends a stage of the disciplinary procedure, by the "
                 "day it was made.")


def penalties(institution, window: Window) -> Table:
    counts = merge(grouped(ImposedPenalty.objects.for_institution(institution)
                           .filter(outcome__kind__in=DECISIONS), window,
                           by=("penalty_type__position", "penalty_type__name"),
                           date="outcome__decided_on"),
                   retained(institution, window, kept.PENALTY, by=("position", "value")))
    rows = [(name, values) for (_position, name), values in sorted(counts.items())]
    return table("penalties", "Penalties imposed", "Penalty", window, rows,
                 note="A decision may impose more than one penalty.")


def appeals(institution, window: Window) -> Table:
    counts = merge(grouped(Appeal.objects.for_institution(institution), window,
                           by=("status", "outcome__result"), date="received_on"),
                   retained(institution, window, kept.APPEAL, key=_pair))
    width = len(window.periods)
    merged: dict[str, list[int]] = defaultdict(lambda: [0] * width)
    for (status, result), values in counts.items():
        key = (result if status == Appeal.Status.DECIDED and result
               else "refused_late" if status == Appeal.Status.REFUSED_LATE else "pending")
        merged[key] = [a + b for a, b in zip(merged[key], values, strict=True)]
    results = [(r, label) for r, label in Outcome.Result.choices
               if r in {"confirmed", "amended", "overturned", "referred_back", "rehearing"}]
    labels = [*results, ("refused_late", "Late appeal not accepted"),
              ("pending", "Still under review")]
    return table("appeals", "Appeals and their results", "Result", window,
                 choice_rows(merged, labels, width),
                 note="Appeals by the day they were received.")


#: Calendar days from the allegation to the close of the procedure (002 §44 aims at 60 days
#: for the informal and formal stages).
BUCKETS = [(60, "Within 60 days"), (90, "61 to 90 days"), (180, "91 to 180 days"),
           (None, "More than 180 days")]


def completion_time(institution, window: Window) -> list[Table]:
    """Cases that reached the Completion of Procedures (closed at the end of the procedure; a
    case referred elsewhere or with no action is not counted), by the calendar days from the
    allegation: grouped by the pair of days in one query."""
    counts = merge(grouped(Case.objects.for_institution(institution)
                           .filter(stage=Stage.CLOSED), window,
                           by=("allegation_raised_on", "closed_on"), date="closed_on"),
                   retained(institution, window, kept.COMPLETION, by=("value", "on"),
                            key=lambda group: (iso_day(group[0]), group[1])))
    width = len(window.periods)
    rows = [[0] * width for _ in BUCKETS]
    days: list[dict[int, int]] = [defaultdict(int) for _ in range(width)]
    for (raised, closed), values in counts.items():
        taken = (closed - raised).days
        k = next(i for i, (limit, _l) in enumerate(BUCKETS) if limit is None or taken <= limit)
        rows[k] = [a + b for a, b in zip(rows[k], values, strict=True)]
        for i, n in enumerate(values):
            if n:
                days[i][taken] += n
    buckets = table(COMPLETION, "Time to the Completion of Procedures", "Time taken", window,
                    [(label, values) for (_limit, label), values in
                     zip(BUCKETS, rows, strict=True)],
                    note="Calendar days from the allegation to the close of the procedure, "
                    "for the cases that closed in the period.")
    median = table("completion_median", "Median days to the Completion of Procedures",
                   "Statistic", window,
                   [("Median calendar days", [weighted_median(d) for d in days])],
                   has_total=False, row_relation=False, chart="", basis=COMPLETION)
    return [buckets, median]
