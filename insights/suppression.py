"""Making a report's figures safe to publish (issue 12 item 3): nothing published identifies
anyone.

**Primary suppression.** A count from 1 to ``threshold - 1`` is hidden and shown as "fewer
than N" (the institution's threshold, 5 by default: counts of 1 to 4 are hidden, 5 is the first
count shown, so "fewer than 5" is true of every hidden small count). Zero is shown: it
identifies nobody.

A count shown "hidden" (``Cell.hidden == "secondary"``) is usually 0 or at least the
threshold, hidden so that a small one cannot be worked out; in a group of counts that would
otherwise still give one away, every count is shown "hidden", small ones too (the last step
below).

**Secondary suppression.** A hidden count must not be worked out from what is published:

* the column totals (each table's Total row, which is published);
* the cells of one row, tied by the change from one period to the other (or a row total):
  ``Table.row_relation``;
* linked tables counting the same people (``Table.linked``: reports by kind, by identity, by
  location ...): their totals are one figure, so one table's total cannot undo another's
  hidden cell; a ranking (``Table.same_as``) is the same cells in another order.

Each of these is a linear relation between published and hidden counts. The rule is applied in
two steps, repeated until nothing changes:

1. every relation that hides one count hides at least two: the smallest other non-zero count
   of the relation is hidden too (a zero only if nothing else is left, a total last);
2. then, exactly: for each hidden count, the relations are solved together (rational
   elimination over the hidden counts) and a second solution is looked for in which that count
   differs, every count staying in what a reader knows of it: a small count in ``1 ..
   threshold-1``, a count hidden to protect it (shown "hidden") ``0`` or at least the threshold.
   A count with no other solution would be found out: one more count of its relations is
   hidden;
3. last, if a count is still found out with nothing left to hide around it, its whole group
   is shown "hidden", with no "fewer than N" among it.

So a published report never lets a reader pin down a hidden count from its totals,
differences or linked tables. Statistics (a median, ``Table.basis``) are published only where
the count they summarise is published and at least the threshold.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass, field, replace
from fractions import Fraction
from math import gcd

from .figures import Cell, ReportData, Table, column_totals

SECONDARY_SHOWN = "hidden"


def small_shown(threshold: int) -> str:
    return f"fewer than {threshold}"


@dataclass
class _Var:
    value: int
    is_total: bool
    published: bool = True  # a total no table prints is never shown (but is still a figure)
    hidden: str = ""  # "", "small", "secondary"
    #: The cells whose column total is itself a small count: every one of them is hidden as
    #: "fewer than N", zeros included (true of zero too), so a reader cannot tell the ones from
    #: the zeros (four cells of 1 under a total of "fewer than 5" would each be 1).
    members: list[int] = field(default_factory=list)
    zero_hidden: bool = False


@dataclass
class _Relation:
    """sum(coef * var) == a published constant."""

    coefs: dict[int, int] = field(default_factory=dict)


class _Model:
    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.vars: list[_Var] = []
        self.keys: dict[tuple, int] = {}
        self.relations: list[_Relation] = []

    def var(self, key: tuple, value: int, *, is_total: bool = False) -> int:
        if key not in self.keys:
            self.keys[key] = len(self.vars)
            self.vars.append(_Var(value=value, is_total=is_total))
        return self.keys[key]

    def relate(self, coefs: dict[int, int]) -> None:
        coefs = {v: c for v, c in coefs.items() if c}
        if len(coefs) >= 2:
            self.relations.append(_Relation(coefs))

    # -- which counts a reader cannot see ------------------------------------------------------
    def unseen(self, v: int) -> bool:
        var = self.vars[v]
        return bool(var.hidden) or not var.published

    def hide(self, v: int, why: str) -> None:
        if not self.vars[v].hidden:
            self.vars[v].hidden = why

    def primary(self) -> None:
        for var in self.vars:
            if var.published and 1 <= var.value < self.threshold:
                var.hidden = "small"
        for var in self.vars:
            if var.is_total and var.hidden == "small":
                for member in var.members:
                    cell = self.vars[member]
                    cell.hidden = "small"
                    cell.zero_hidden = True  # a reader cannot tell its ones from zeros

    def _candidate(self, relations: list[_Relation]) -> int | None:
        """The count to hide next among these relations' visible counts: a non-zero cell, the
        smallest first; then a non-zero total; a zero last."""
        seen = sorted({v for r in relations for v in r.coefs if not self.unseen(v)})

        def rank(v: int) -> tuple:
            # A count just above the threshold would be pinned between the threshold and the
            # relation's total: twice the threshold and more protects better.
            var = self.vars[v]
            return (var.value == 0, var.is_total, var.value < 2 * self.threshold, var.value, v)

        return min(seen, key=rank) if seen else None

    def at_least_two(self) -> bool:
        changed = False
        for relation in self.relations:
            unseen = [v for v in relation.coefs if self.unseen(v)]
            # One count a reader cannot see: if it is a hidden one, the relation gives it away
            # (an unprinted total is no secret of its own: the relation then tells nothing).
            if len(unseen) == 1 and self.vars[unseen[0]].hidden:
                v = self._candidate([relation])
                if v is not None:
                    self.hide(v, "secondary")
                    changed = True
        return changed

    def protect_found_out(self) -> bool:
        for v in self.found_out():
            relations = [r for r in self.relations if v in r.coefs]
            candidate = self._candidate(relations)
            if candidate is None:  # every count around it is hidden already: look further out
                near = {u for r in relations for u in r.coefs}
                candidate = self._candidate([r for r in self.relations
                                             if near & set(r.coefs)])
            if candidate is not None:
                self.hide(candidate, "secondary")
                return True
        return False

    def run(self) -> None:
        self.primary()
        while True:
            if self.at_least_two():
                continue
            if not self.protect_found_out():
                break
        self.withhold_what_is_still_found_out()

    def withhold_what_is_still_found_out(self) -> None:
        """The last resort, for a group of counts that is hidden whole and still pinned by what
        a reader knows of each label (possible only when every count around is small or just
        above the threshold): every count of the group is shown "hidden", none "fewer than N",
        so the labels tell nothing more."""
        found = set(self.found_out())
        if not found:
            return
        unseen = [v for v in range(len(self.vars)) if self.unseen(v)]
        for component in _components(unseen, self.relations, self.unseen):
            if found & set(component):
                for v in component:
                    if self.vars[v].hidden:
                        self.vars[v].hidden = "secondary"

    # -- the exact check -------------------------------------------------------------------------
    def _in_domain(self, v: int, value: int) -> bool:
        var = self.vars[v]
        if value < 0:
            return False
        if var.hidden == "small":
            return (0 if var.zero_hidden else 1) <= value < self.threshold
        if var.hidden == "secondary":
            return value == 0 or value >= self.threshold
        return True  # a total no table prints: any count

    def found_out(self) -> list[int]:
        """Hidden counts that the published relations (and what a reader knows of each hidden
        count) fix to a single value."""
        unseen = [v for v in range(len(self.vars)) if self.unseen(v)]
        found = []
        for component in _components(unseen, self.relations, self.unseen):
            found += self._found_out_in(component)
        return found

    def _found_out_in(self, hidden: list[int]) -> list[int]:
        index = {v: i for i, v in enumerate(hidden)}
        rows = [[Fraction(r.coefs.get(v, 0)) for v in hidden] for r in self.relations
                if any(v in index for v in r.coefs)]
        basis = _null_space(rows, len(hidden))
        values = [self.vars[v].value for v in hidden]
        # An unprinted total matters only if it is small (it would tell a small count).
        secret = {i for i, v in enumerate(hidden)
                  if self.vars[v].published or self.vars[v].value < self.threshold}
        free = {i for i in range(len(hidden)) if any(b[i] for b in basis)}
        determined = {hidden[i] for i in secret - free}
        pending = {hidden[i] for i in secret & free}
        if not pending:
            return sorted(determined)
        limit = 2 * self.threshold + 2
        moves = list(basis)
        moves += [[a + b for a, b in zip(x, y, strict=True)]
                  for x, y in itertools.combinations(basis, 2)]
        moves += [[a - b for a, b in zip(x, y, strict=True)]
                  for x, y in itertools.combinations(basis, 2)]
        for move in moves:
            if not pending:
                break
            for k in itertools.chain.from_iterable((s, -s) for s in range(1, limit + 1)):
                moved = [values[i] + k * move[i] for i in range(len(hidden))]
                if all(self._in_domain(hidden[i], moved[i]) for i in range(len(hidden))):
                    pending -= {hidden[i] for i in range(len(hidden)) if move[i]}
                    break
        return sorted(determined | pending)


def _components(unseen: list[int], relations: list[_Relation], is_unseen) -> list[list[int]]:
    """The hidden counts, in groups tied by relations (each group is solved on its own)."""
    parent = {v: v for v in unseen}

    def root(v: int) -> int:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for relation in relations:
        members = [v for v in relation.coefs if is_unseen(v)]
        for a, b in itertools.pairwise(members):
            parent[root(a)] = root(b)
    groups: dict[int, list[int]] = {}
    for v in unseen:
        groups.setdefault(root(v), []).append(v)
    return list(groups.values())


def _null_space(rows: list[list[Fraction]], n: int) -> list[list[int]]:
    """A basis of the integer vectors x with rows @ x == 0 (each primitive)."""
    matrix = [list(r) for r in rows]
    pivots: list[int] = []
    r = 0
    for c in range(n):
        pivot = next((i for i in range(r, len(matrix)) if matrix[i][c] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        lead = matrix[r][c]
        matrix[r] = [x / lead for x in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][c] != 0:
                factor = matrix[i][c]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        pivots.append(c)
        r += 1
        if r == len(matrix):
            break
    basis = []
    for f in (c for c in range(n) if c not in pivots):
        vector = [Fraction(0)] * n
        vector[f] = Fraction(1)
        for row_index, c in enumerate(pivots):
            vector[c] = -matrix[row_index][f]
        denominator = 1
        for x in vector:
            denominator = denominator * x.denominator // gcd(denominator, x.denominator)
        ints = [int(x * denominator) for x in vector]
        divisor = 0
        for k in ints:
            divisor = gcd(divisor, abs(k))
        basis.append([k // divisor for k in ints] if divisor else ints)
    return basis


# -- building the relations from the tables ------------------------------------------------------
def _groups(tables: list[Table]) -> dict[str, str]:
    """Each count table's linked group (tables counting the same people, of the same width)."""
    by_key = {t.key: t for t in tables}
    parent = {t.key: t.key for t in tables}

    def root(k: str) -> str:
        while parent[k] != k:
            k = parent[k]
        return k

    for t in tables:
        for other in t.linked:
            o = by_key.get(other)
            if o is not None and len(o.columns) == len(t.columns):
                parent[root(t.key)] = root(o.key)
    return {t.key: root(t.key) for t in tables}


def _build(tables: list[Table], threshold: int) -> tuple[_Model, dict, dict, dict]:
    model = _Model(threshold)
    counts = [t for t in tables if not t.basis]
    sources = [t for t in counts if not t.same_as]
    groups = _groups(sources)
    cells: dict[tuple[str, str, int], int] = {}
    totals: dict[tuple[str, int], int] = {}
    row_totals: dict[tuple[str, str], int] = {}
    printed: dict[str, bool] = {}
    for t in sources:
        printed[groups[t.key]] = printed.get(groups[t.key], False) or t.has_total
    for t in sources:
        width = len(t.columns)
        column_sums = column_totals(t)
        group = groups[t.key]
        in_group = sum(1 for s in sources if groups[s.key] == group)
        has_relation = t.has_total or in_group > 1
        for j in range(width):
            for label, values in t.rows:
                cells[(t.key, label, j)] = model.var(("cell", t.key, label, j), int(values[j]))
            if has_relation:
                total = model.var(("total", group, j), int(column_sums[j]), is_total=True)
                model.vars[total].published = printed[group]
                model.vars[total].members += [cells[(t.key, label, j)] for label, _v in t.rows]
                totals[(t.key, j)] = total
                model.relate({**{cells[(t.key, label, j)]: 1 for label, _v in t.rows},
                              total: -1})
        if t.row_relation and width >= 2:
            for label, values in t.rows:
                row_total = model.var(("row", t.key, label), sum(int(v) for v in values),
                                      is_total=True)
                row_totals[(t.key, label)] = row_total
                model.vars[row_total].members += [cells[(t.key, label, j)] for j in range(width)]
                model.relate({**{cells[(t.key, label, j)]: 1 for j in range(width)},
                              row_total: -1})
            if has_relation and printed[group]:  # the grand total, both ways
                model.relate({**{totals[(t.key, j)]: 1 for j in range(width)},
                              **{row_totals[(t.key, label)]: -1 for label, _v in t.rows}})
    return model, cells, totals, row_totals


def change(this: Cell, before: Cell) -> int | None:
    """The change from one period to the other, published only where both counts are: a
    change next to a hidden count would give it away."""
    if this.value is None or before.value is None:
        return None
    return this.value - before.value


def _cell(var: _Var, threshold: int) -> Cell:
    if var.hidden == "small":
        return Cell(value=None, hidden="small", shown=small_shown(threshold))
    if var.hidden == "secondary":
        return Cell(value=None, hidden="secondary", shown=SECONDARY_SHOWN)
    return Cell(value=var.value, shown=f"{var.value:,}")


def suppress(report: ReportData, *, threshold: int) -> ReportData:
    """The published version of a raw report: every count a :class:`Cell`, the small ones
    and those that would give a small one away hidden, each table with its Total row."""
    if threshold < 2:
        raise ValueError("The threshold is at least 2.")
    tables = report.tables
    model, cells, totals, row_totals = _build(tables, threshold)
    model.run()
    published: dict[str, Table] = {}
    out = []
    for t in tables:
        if t.basis:
            continue
        source = t.same_as or t.key
        rows = [(label, [_cell(model.vars[cells[(source, label, j)]], threshold)
                         if (source, label, j) in cells else Cell(value=None, hidden="secondary",
                                                                   shown=SECONDARY_SHOWN)
                         for j in range(len(t.columns))])
                for label, _values in t.rows]
        column_cells = ([_cell(model.vars[totals[(source, j)]], threshold)
                         for j in range(len(t.columns))]
                        if t.has_total and (source, 0) in totals else [])
        by_row = ([_cell(model.vars[row_totals[(source, label)]], threshold)
                   for label, _values in t.rows]
                  if t.row_relation and all((source, label) in row_totals
                                            for label, _v in t.rows) else [])
        new = replace(copy.deepcopy(t), rows=rows, totals=column_cells, row_totals=by_row)
        if t.ranked:
            new.rows = _ranked(new.rows, _source_order(tables, source))
        published[t.key] = new
    for t in tables:
        if t.basis:
            published[t.key] = _statistic(t, published.get(t.basis), report, threshold)
    out = [published[t.key] for t in tables]
    return ReportData(institution_slug=report.institution_slug, period=report.period,
                      kind=report.kind, tables=out, threshold=threshold)


def _source_order(tables: list[Table], key: str) -> list[str]:
    for t in tables:
        if t.key == key:
            return [label for label, _v in t.rows]
    return []


def _ranked(rows: list[tuple[str, list[Cell]]], order: list[str]) -> list:
    """Shown counts first, most first; hidden rows after them in the catalogue's order, so the
    order tells nothing about a hidden count."""
    position = {label: i for i, label in enumerate(order)}

    def key(row):
        label, values = row
        first = values[0]
        if first.value is None:
            return (1, 0, position.get(label, 0))
        return (0, -first.value, position.get(label, 0))

    return sorted(rows, key=key)


def _statistic(t: Table, basis: Table | None, report: ReportData, threshold: int) -> Table:
    raw_basis = next((x for x in report.tables if x.key == t.basis), None)
    raw_totals = column_totals(raw_basis) if raw_basis is not None else []
    rows = []
    for label, values in t.rows:
        published = []
        for j, value in enumerate(values):
            enough = (basis is not None and j < len(basis.totals)
                      and basis.totals[j].value is not None
                      and j < len(raw_totals) and raw_totals[j] >= threshold)
            if value is None:
                published.append(Cell(value=None, shown="no figure"))
            elif enough:
                published.append(Cell(value=int(value), shown=f"{int(value):,}"))
            else:
                published.append(Cell(value=None, hidden="small",
                                      shown=f"not shown: based on {small_shown(threshold)}"))
        rows.append((label, published))
    return replace(copy.deepcopy(t), rows=rows, totals=[], row_totals=[])
