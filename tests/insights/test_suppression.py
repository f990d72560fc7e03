"""Suppression (issue 12 item 3): nothing published identifies anyone. Tables are built to
re-identify someone (a single report in a small place, a difference between two terms, a
total minus the other cells, linked tables), and a brute-force reader solves every published
relation of small random tables."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random

import pytest

from insights.figures import Cell, Period, ReportData, Table, from_json, to_json
from insights.suppression import change, suppress

#: Random tables the brute-force reader solves (``INSIGHTS_SEEDS=600`` for a longer run).
SEEDS = int(os.environ.get("INSIGHTS_SEEDS", "60"))

THIS = Period(kind="term", label="Autumn term 2026", start=dt.date(2026, 9, 28),
              end=dt.date(2027, 1, 17))
BEFORE = Period(kind="term", label="Spring term 2026", start=dt.date(2026, 4, 27),
                end=dt.date(2026, 9, 27))


def report(*tables: Table) -> ReportData:
    return ReportData(institution_slug="kingsway", period=THIS, kind="termly",
                      tables=list(tables))


def counts(key, rows, *, columns=None, **options) -> Table:
    columns = columns or [THIS.label, BEFORE.label][:len(rows[0][1])]
    return Table(key=key, title=key, dimension="Row", columns=columns, rows=rows, **options)


def published(table_key: str, data: ReportData) -> Table:
    return next(t for t in data.tables if t.key == table_key)


def cells(table: Table) -> dict[tuple[str, int], Cell]:
    return {(label, j): c for label, values in table.rows for j, c in enumerate(values)}


def test_counts_below_the_threshold_are_shown_as_fewer_than_the_threshold_and_zero_is_shown():
    data = suppress(report(counts("t", [("A", [4, 40]), ("B", [5, 41]), ("C", [0, 42]),
                                        ("D", [30, 3])], row_relation=False,
                                  has_total=False)), threshold=5)
    got = cells(published("t", data))
    assert got[("A", 0)] == Cell(value=None, hidden="small", shown="fewer than 5")
    assert got[("B", 0)].value == 5
    assert got[("B", 0)].shown == "5"
    assert got[("C", 0)] == Cell(value=0, shown="0")
    assert got[("D", 1)].hidden == "small"
    assert data.threshold == 5


def test_the_threshold_is_the_institutions():
    data = suppress(report(counts("t", [("A", [9, 40]), ("B", [12, 41]), ("C", [30, 42])],
                                  row_relation=False, has_total=False)), threshold=10)
    assert cells(published("t", data))[("A", 0)].shown == "fewer than 10"


def test_a_single_report_in_a_small_department_is_never_published():
    """One report in a small place: hidden, and the table's total minus the other places
    must not give it back."""
    table = counts("reports_by_location", [("Halls", [40, 35]), ("Nightlife venues", [22, 30]),
                                           ("Department of Music", [1, 0]),
                                           ("Online", [17, 12])])
    raw = report(table)
    data = suppress(raw, threshold=5)
    out = published("reports_by_location", data)
    got = cells(out)
    assert got[("Department of Music", 0)].value is None
    hidden_this_term = [label for label, values in out.rows if values[0].value is None]
    assert len(hidden_this_term) >= 2 or out.totals[0].value is None
    assert_no_hidden_cell_is_determined(data, threshold=5, raw=raw)


def test_total_minus_other_cells_cannot_reveal_a_hidden_cell():
    table = counts("t", [("A", [3, 20]), ("B", [25, 21]), ("C", [30, 22])], row_relation=False)
    raw = report(table)
    data = suppress(raw, threshold=5)
    out = published("t", data)
    assert out.totals[0].value == 58  # the total is still published...
    column = [values[0] for _label, values in out.rows]
    assert sum(1 for c in column if c.value is None) >= 2  # ...so a second cell is hidden
    assert [c.hidden for c in column] == ["small", "secondary", ""]  # the smaller of the two
    assert_no_hidden_cell_is_determined(data, threshold=5, raw=raw)


def test_difference_between_terms_cannot_reveal_a_hidden_cell():
    """Spring: Halls 2 (hidden) in a total of 45. The autumn report shows spring again as its
    previous term: if spring's column were hidden another way there (Online shown instead of
    hidden), the two reports together would give the 2 away. Each period's column is hidden on
    its own, so spring is hidden the same way in both; and the change between terms is
    published only where both counts are."""
    spring = [("Halls", 2), ("Online", 18), ("Nightlife", 25), ("Department", 30)]
    autumn = [("Halls", 30), ("Online", 4), ("Nightlife", 20), ("Department", 40)]
    spring_report = report(counts("t", [(label, [n, 9]) for label, n in spring]))
    autumn_report = report(counts("t", [(label, [a, n]) for (label, a), (_l, n)
                                        in zip(autumn, spring, strict=True)]))
    in_spring = published("t", suppress(spring_report, threshold=5))
    in_autumn = published("t", suppress(autumn_report, threshold=5))
    assert [values[0] for _l, values in in_spring.rows] == \
        [values[1] for _l, values in in_autumn.rows]
    assert in_spring.totals[0] == in_autumn.totals[1]
    halls = dict(in_autumn.rows)["Halls"]
    assert halls[1].hidden == "small"
    assert change(*halls) is None
    assert change(*dict(in_autumn.rows)["Department"]) == 10
    assert_no_hidden_cell_is_determined(suppress(autumn_report, threshold=5), threshold=5,
                                        raw=autumn_report)


def test_rows_that_add_up_to_a_published_row_total_hide_two_cells_a_row():
    """Columns that are parts of a whole (anonymous, named) with each row's total published:
    a row cannot give its hidden cell away either."""
    raw = report(counts("t", [("Students", [3, 40]), ("Staff", [12, 30]),
                              ("Visitors", [25, 16])], columns=["Anonymous", "Named"],
                        row_relation=True))
    data = suppress(raw, threshold=5)
    out = published("t", data)
    students = dict(out.rows)["Students"]
    assert students[0].hidden == "small"
    assert students[1].value is None
    assert len(out.row_totals) == 3
    assert_no_hidden_cell_is_determined(data, threshold=5, raw=raw)


def test_linked_tables_cannot_reveal_a_hidden_cell():
    """The same reports by kind and by location: their totals are one figure, so the location
    table's total cannot undo a hidden cell of the kind table."""
    by_kind = counts("by_kind", [("Disclosures", [30, 30]), ("Formal reports", [3, 30])],
                     linked=["by_location"])
    by_location = counts("by_location", [("Halls", [20, 40]), ("Online", [13, 20])],
                         has_total=False, linked=["by_kind"])
    raw = report(by_kind, by_location)
    data = suppress(raw, threshold=5)
    got = cells(published("by_kind", data))
    assert got[("Formal reports", 0)].value is None
    assert got[("Disclosures", 0)].value is None or published("by_kind", data).totals[0].value \
        is None
    assert_no_hidden_cell_is_determined(data, threshold=5, raw=raw)


def test_a_small_total_hides_every_cell_of_its_column():
    table = counts("t", [("A", [1, 20]), ("B", [2, 21]), ("C", [0, 22])])
    out = published("t", suppress(report(table), threshold=5))
    assert out.totals[0].hidden == "small"
    # Under a total of "fewer than 5" even the zero is "fewer than 5" (true of zero too):
    # otherwise a reader knowing the other two are at least 1 could narrow them down.
    assert [values[0].shown for _l, values in out.rows] == ["fewer than 5"] * 3
    assert out.totals[1].value == 63


def test_a_ranking_hides_the_same_cells_and_puts_hidden_rows_last_in_catalogue_order():
    location = counts("loc", [("Halls", [3, 10]), ("Nightlife", [25, 30]),
                              ("Department", [2, 12]), ("Online", [40, 11])])
    ranked = Table(key="ranked", title="Ranked", dimension="Location",
                   columns=location.columns,
                   rows=sorted(location.rows, key=lambda r: -r[1][0]), has_total=False,
                   ranked=True, same_as="loc")
    data = suppress(report(location, ranked), threshold=5)
    out_location, out_ranked = published("loc", data), published("ranked", data)
    assert cells(out_location) == cells(out_ranked)
    assert [label for label, _v in out_ranked.rows] == ["Online", "Nightlife", "Halls",
                                                          "Department"]


def test_a_median_is_published_only_over_enough_people():
    made = counts("made", [("Within", [3, 20]), ("After", [1, 6])])
    median = counts("median", [("Median working days", [4, 2])], has_total=False,
                    row_relation=False, basis="made")
    out = published("median", suppress(report(made, median), threshold=5))
    assert out.rows[0][1][0].value is None
    assert out.rows[0][1][1].value == 2


def test_a_published_report_survives_json():
    data = suppress(report(counts("t", [("A", [3, 20]), ("B", [25, 21])])), threshold=5)
    assert from_json(to_json(data)) == data


def test_suppression_never_changes_the_raw_report():
    raw = report(counts("t", [("A", [3, 20]), ("B", [25, 21])]))
    before = to_json(raw)
    suppress(raw, threshold=5)
    assert to_json(raw) == before


# -- the brute-force reader --------------------------------------------------------------------
def _relations(data: ReportData, raw: ReportData):
    """Every linear relation a reader of ``data`` knows, as ``{count: coefficient}`` adding up
    to zero, where a count is a cell (table, row, column), a column total ("total", group,
    column) or a row total ("row", table, row); with the true values and what is published of
    each."""
    tables = {t.key: t for t in data.tables if not t.basis and not t.same_as}
    raw_tables = {t.key: t for t in raw.tables}
    group = {key: key for key in tables}
    for t in tables.values():  # a linked group is named by its smallest key
        for other in t.linked:
            if other in tables and len(tables[other].columns) == len(t.columns):
                low, high = sorted((group[t.key], group[other]))
                for k, g in list(group.items()):
                    if g == high:
                        group[k] = low
    relations, truth, known = [], {}, {}
    for key, t in tables.items():
        width = len(t.columns)
        raw_rows = dict(raw_tables[key].rows)
        members = [k for k in tables if group[k] == group[key]]
        totals_printed = [tables[k] for k in members if tables[k].totals]
        for label, values in t.rows:
            for j, cell in enumerate(values):
                truth[(key, label, j)] = raw_rows[label][j]
                known[(key, label, j)] = cell
        if t.has_total or len(members) > 1:
            for j in range(width):
                name = ("total", group[key], j)
                truth[name] = sum(v[j] for _l, v in raw_tables[key].rows)
                known[name] = totals_printed[0].totals[j] if totals_printed else None
                relations.append({**{(key, label, j): 1 for label, _v in t.rows}, name: -1})
        if t.row_relation and width >= 2:
            for i, (label, _values) in enumerate(t.rows):
                name = ("row", key, label)
                truth[name] = sum(raw_rows[label])
                known[name] = t.row_totals[i]
                relations.append({**{(key, label, j): 1 for j in range(width)}, name: -1})
            if totals_printed:
                relations.append({**{("total", group[key], j): 1 for j in range(width)},
                                  **{("row", key, label): -1 for label, _v in t.rows}})
    return relations, truth, known


class _Enough(Exception):
    """Every hidden count has taken two values: nothing more to learn."""


class _Budget(Exception):
    """Too many assignments to enumerate."""


def _determined_by_linear_algebra(k, hidden: list, relations: list[dict]) -> bool:
    """Whether the relations fix ``k`` (its unit vector is in their row space over the hidden
    counts), by Gaussian elimination over the rationals."""
    from fractions import Fraction

    def rank(rows: list[list[Fraction]]) -> int:
        rows = [r[:] for r in rows]
        r = 0
        for c in range(len(hidden)):
            pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
            if pivot is None:
                continue
            rows[r], rows[pivot] = rows[pivot], rows[r]
            for i in range(len(rows)):
                if i != r and rows[i][c] != 0:
                    f = rows[i][c] / rows[r][c]
                    rows[i] = [a - f * b for a, b in zip(rows[i], rows[r], strict=True)]
            r += 1
        return r

    matrix = [[Fraction(rel.get(h, 0)) for h in hidden] for rel in relations
              if any(h in rel for h in hidden)]
    unit = [Fraction(int(h == k)) for h in hidden]
    return rank([*matrix, unit]) == rank(matrix)


def assert_no_hidden_cell_is_determined(data: ReportData, *, threshold: int,
                                        raw: ReportData) -> None:
    """Enumerate every assignment of the hidden counts a reader could believe (a small count
    1..threshold-1, a count hidden to protect another 0 or threshold and more, an unprinted
    total anything) that satisfies every published relation: each hidden count must take
    two values at least. A relation with one count left unknown fixes it (propagation), so
    only the free counts are enumerated; past 200,000 assignments (a group withheld whole),
    a count not yet seen twice is checked against the relations by exact linear algebra."""
    relations, truth, known = _relations(data, raw)
    hidden = sorted((k for k, c in known.items() if c is None or c.value is None), key=str)
    if not hidden:
        return
    ceiling = sum(v for k, v in truth.items() if k[0] == "total") + threshold

    # A group of hidden counts with no "fewer than N" among it may be withheld whole (the
    # last resort): there "hidden" may be any count.
    parent = {k: k for k in hidden}

    def root(k):
        while parent[k] != k:
            k = parent[k]
        return k

    for rel in relations:
        members = [k for k in rel if k in parent]
        for a, b in zip(members, members[1:], strict=False):
            parent[root(a)] = root(b)
    labelled_small = {root(k) for k in hidden if known[k] is not None
                      and known[k].hidden == "small"}

    def allowed(k, v) -> bool:
        cell = known[k]
        if v < 0 or v > ceiling:
            return False
        if cell is not None and cell.hidden == "small":
            return (0 if k in may_be_zero else 1) <= v < threshold
        if cell is not None and cell.hidden == "secondary" and root(k) in labelled_small:
            return v == 0 or v >= threshold
        return True

    # A count under a small total is shown "fewer than N" even when it is zero.
    may_be_zero = set()
    for rel in relations:
        for k in rel:
            if k[0] in ("total", "row") and known[k] is not None and known[k].hidden == "small":
                may_be_zero |= {x for x in rel if x[0] not in ("total", "row")}
    value = {k: truth[k] for k in known if k not in hidden}
    seen: dict = {k: set() for k in hidden}

    def solve(assigned: dict, visits: list) -> None:
        visits[0] += 1
        if visits[0] > 200_000:
            raise _Budget
        assigned = dict(assigned)
        while True:  # propagate: a relation with one unknown left fixes it
            progress = False
            for rel in relations:
                unknown = [k for k in rel if k not in value and k not in assigned]
                if len(unknown) == 1:
                    k = unknown[0]
                    rest = sum(c * (value[x] if x in value else assigned[x])
                               for x, c in rel.items() if x != k)
                    v, r = divmod(-rest, rel[k])
                    if r or not allowed(k, v):
                        return
                    assigned[k] = v
                    progress = True
                elif not unknown and sum(c * (value[x] if x in value else assigned[x])
                                         for x, c in rel.items()) != 0:
                    return
            if not progress:
                break
        free = [k for k in hidden if k not in assigned]
        if not free:
            for k, v in assigned.items():
                seen[k].add(v)
            if all(len(seen[h]) >= 2 for h in secrets):
                raise _Enough
            return
        k = free[0]
        # values near the true one first: other solutions are found soon, and the search
        # stops once every hidden count has two
        for v in sorted(range(ceiling + 1), key=lambda v: (abs(v - truth[k]), v)):
            if allowed(k, v):
                solve({**assigned, k: v}, visits)

    secrets = [k for k in hidden if known[k] is not None or truth[k] < threshold]
    # Where everything around is hidden, twice the true counts also fit every relation.
    for scale in (2, 3):
        candidate = {k: truth[k] * scale for k in hidden}
        if all(allowed(k, v) for k, v in candidate.items()) and all(
                sum(c * (value[x] if x in value else candidate[x]) for x, c in rel.items()) == 0
                for rel in relations):
            for k, v in candidate.items():
                seen[k].add(v)
    visits = [0]
    try:
        solve({}, visits)
    except _Enough:
        pass
    except _Budget:  # too many to enumerate: the published relations, solved exactly
        for k in [k for k in secrets if len(seen[k]) < 2]:
            if not _determined_by_linear_algebra(k, hidden, relations):
                seen[k].add(-1)
    found_out = {k: s for k, s in seen.items() if len(s) < 2
                 and (known[k] is not None or truth[k] < threshold)}
    assert not found_out, f"a reader can work out {found_out}"


@pytest.mark.parametrize("seed", range(SEEDS))
def test_brute_force_no_hidden_cell_is_uniquely_determined_in_small_random_tables(seed):
    rng = random.Random(seed)  # noqa: S311 - test data
    threshold = 3
    rows = rng.randint(2, 3)

    def value():
        return rng.choice([0, 1, 1, 2, 2, 3, 4, 5, 6, 8])

    first = counts("a", [(f"r{i}", [value(), value()]) for i in range(rows)],
                   row_relation=rng.random() < 0.5, linked=["b"] if seed % 2 else [])
    tables = [first]
    if seed % 2:  # a linked table counting the same people another way
        totals = [sum(v[j] for _l, v in first.rows) for j in range(2)]
        split = [[rng.randint(0, t) for t in totals] for _ in range(1)]
        second_rows = [("s0", split[0]), ("s1", [t - s for t, s in zip(totals, split[0],
                                                                       strict=True)])]
        tables.append(counts("b", second_rows, has_total=rng.random() < 0.5, linked=["a"],
                             row_relation=rng.random() < 0.5))
    raw = report(*tables)
    data = suppress(raw, threshold=threshold)
    assert_no_hidden_cell_is_determined(data, threshold=threshold, raw=raw)
    for t in data.tables:  # and no small count is ever shown
        raw_rows = dict(next(r for r in raw.tables if r.key == t.key).rows)
        for label, values in t.rows:
            for j, c in enumerate(values):
                if 1 <= raw_rows[label][j] < threshold:
                    assert c.value is None


def test_brute_force_reader_finds_a_cell_given_away_by_a_total():
    """The reader itself works: a table with one small count hidden and nothing else is
    found out from its total."""
    raw = report(counts("t", [("A", [3]), ("B", [25])], columns=["Only"]))
    naive = ReportData(institution_slug="k", period=THIS, kind="termly", tables=[Table(
        key="t", title="t", dimension="Row", columns=["Only"],
        rows=[("A", [Cell(None, "small", "fewer than 5")]), ("B", [Cell(25, "", "25")])],
        totals=[Cell(28, "", "28")])])
    with pytest.raises(AssertionError, match="work out"):
        assert_no_hidden_cell_is_determined(naive, threshold=5, raw=raw)


def test_brute_force_over_every_pattern_of_a_two_by_two_table():
    for values in itertools.product([0, 1, 4, 6], repeat=4):
        raw = report(counts("t", [("A", list(values[:2])), ("B", list(values[2:]))]))
        data = suppress(raw, threshold=5)
        assert_no_hidden_cell_is_determined(data, threshold=5, raw=raw)
