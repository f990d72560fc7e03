"""Completion records from a learning platform's export (issue 11 §8).

1. :func:`import_upload` reads the file. A file whose structure is wrong (not CSV or XLSX,
   empty, no header, unreadable encoding: training/importing.py) is refused whole and nothing
   is kept. Otherwise an :class:`ImportRun` waits, with the file encrypted in its row, for its
   columns to be confirmed.
2. :func:`import_start` fixes which column is what (prefilled from the institution's saved
   :class:`ImportMapping`, saved again for next time). A mapped column the file does not have
   refuses the import whole: nothing is applied. The run is queued for the worker
   (``transaction.on_commit``; the housekeeping task takes up a run whose message was lost).
3. :func:`import_run_process` (in the Celery task) applies the rows in batches of
   ``BATCH_SIZE``, one transaction each, and records the progress (rows done of the total)
   after each. Each row is checked and applied on its own: a bad row is written to the
   row-by-row error report (its row number and the problem) and the others are applied. A row
   adds or updates the person's roster entry (a staff entry is linked to the account with its
   email) and records the completion through ``completion_record``, so re-importing the same
   file creates nothing: its rows come back "unchanged".

When the run ends the uploaded file is emptied from its row; the counts, the columns used and
the error report are kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass, field

from cryptography.fernet import InvalidToken
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.changes import row_change, row_create
from audit.services import audit_record, audit_record_many
from audit.uploads import import_scan
from core.crypto import decrypt_bytes, encrypt_bytes

from ..importing import FileRefused, Table, find_column, parse_date, read_table, safe_cell
from ..models import (
    MAPPED_COLUMNS,
    Completion,
    DateFormat,
    ImportMapping,
    ImportRowError,
    ImportRun,
    Learner,
    Module,
    ModuleMatch,
)
from ..policies import enforce
from .completions import completion_record
from .roster import learner_link_check

log = logging.getLogger(__name__)

AUDIT_EVENTS = ("training.import_uploaded", "training.import_started",
                "training.import_finished", "training.import_failed",
                "training.import_discarded", "training.import_mapping_saved")

#: Rows applied per transaction (and between two progress updates).
BATCH_SIZE = 500
#: A preview nobody confirmed is discarded (with its file) after this long.
PREVIEW_LIFETIME = dt.timedelta(hours=24)
#: A queued or running import untouched this long lost its worker: it is queued again.
STALE_AFTER = dt.timedelta(minutes=10)

COLUMN_LABELS = {name: label for name, label, _required in MAPPED_COLUMNS}
Status = ImportRun.Status


# -- 1. upload ---------------------------------------------------------------------------------
def import_upload(*, institution, actor, filename: str, data: bytes,
                  learner_kind: str = Learner.Kind.STUDENT) -> ImportRun:
    """Read an export and keep it, encrypted, until its columns are confirmed. A file with
    structural errors is refused whole (ValidationError on ``file``) and nothing is kept.
    Where the installation scans uploads, the file is scanned first, outside the transaction
    (an infected file's audit event stays; ``audit.uploads.import_scan``)."""
    enforce("import_upload", institution=institution, actor=actor)
    import_scan(data, file_name=filename, field="file", institution=institution,
                where="training import", actor=actor)
    return _import_upload(institution=institution, actor=actor, filename=filename, data=data,
                          learner_kind=learner_kind)


@transaction.atomic
def _import_upload(*, institution, actor, filename: str, data: bytes,
                   learner_kind: str) -> ImportRun:
    if learner_kind not in Learner.Kind.values:
        raise ValidationError({"learner_kind": ["Choose students or staff."]})
    table = read_table(data)
    run = ImportRun.objects.create(
        institution=institution, status=Status.PREVIEW, filename=(filename or "export")[:200],
        file_format=table.format, content=encrypt_bytes(data),
        sha256=hashlib.sha256(data).hexdigest(), size=len(data), headers=table.headers,
        rows_total=len(table.rows), learner_kind=learner_kind, uploaded_by=actor)
    audit_record(institution=institution, actor=actor, action="training.import_uploaded",
                 obj=run, changes={"filename": run.filename, "format": run.file_format,
                                   "rows": run.rows_total, "sha256": run.sha256})
    return run


def import_preview_rows(run: ImportRun, limit: int = 5) -> list[list]:
    """The first rows of the file, for the page where the columns are confirmed."""
    if not run.content:
        return []
    try:
        table = read_table(decrypt_bytes(bytes(run.content)))
    except (FileRefused, InvalidToken):
        return []
    return [cells for _number, cells in table.rows[:limit]]


# -- 2. the columns ----------------------------------------------------------------------------
@dataclass
class Columns:
    """Which column of the file holds what (header names; blank: not in the file)."""

    values: dict[str, str] = field(default_factory=dict)
    module_match: str = ModuleMatch.KEY
    date_format: str = DateFormat.ISO

    def get(self, name: str) -> str:
        return (self.values.get(name) or "").strip()

    def as_dict(self) -> dict:
        return {**{name: self.get(name) for name in COLUMN_LABELS},
                "module_match": self.module_match, "date_format": self.date_format}


def columns_saved(*, institution) -> Columns:
    """The institution's saved columns as they were saved (empty before its first import)."""
    saved = ImportMapping.objects.for_institution(institution).first()
    if saved is None:
        return Columns()
    return Columns(values=saved.columns(), module_match=saved.module_match,
                   date_format=saved.date_format)


def columns_not_in(columns: Columns, headers: list[str]) -> list[tuple[str, str]]:
    """(label, column) of each column named that the file does not have."""
    return [(COLUMN_LABELS[name], columns.get(name)) for name in COLUMN_LABELS
            if columns.get(name) and find_column(headers, columns.get(name)) is None]


def columns_initial(*, institution, headers: list[str]) -> Columns:
    """The institution's saved columns as this file names them; a column not saved, or saved
    but not in this file, is guessed from the file's headers (or left to be chosen)."""
    saved = columns_saved(institution=institution)
    guessed = _guess(headers)
    values = {}
    for name in COLUMN_LABELS:
        index = find_column(headers, saved.get(name))
        values[name] = headers[index] if index is not None else guessed.get(name, "")
    return Columns(values=values, module_match=saved.module_match,
                   date_format=saved.date_format)


#: Headers learning platforms commonly use, for a first import with nothing saved yet.
_GUESSES = {
    "email_column": ("email", "e-mail", "email address", "user email"),
    "external_id_column": ("student id", "student number", "staff number", "id number",
                           "external id", "username"),
    "name_column": ("name", "full name", "learner", "student name"),
    "department_column": ("department", "school", "division"),
    "cohort_column": ("cohort", "entry year"),
    "year_column": ("year", "year of study", "study year"),
    "module_column": ("module", "course", "module key", "course name", "activity"),
    "completed_on_column": ("completed", "completion date", "completed on", "date completed",
                            "completion"),
}


def _guess(headers: list[str]) -> dict[str, str]:
    found = {}
    for name, candidates in _GUESSES.items():
        for candidate in candidates:
            index = find_column(headers, candidate)
            if index is not None:
                found[name] = headers[index]
                break
    return found


def columns_check(*, headers: list[str], columns: Columns, fixed_module: Module | None) -> None:
    """The file has every column the mapping names, and the mapping names the columns an
    import needs. Raises one ValidationError naming each problem: the import is refused
    whole, nothing applied."""
    errors: dict[str, list[str]] = {}
    for name, label, required in MAPPED_COLUMNS:
        column = columns.get(name)
        if not column:
            if required:
                errors[name] = [f"Choose the column that holds the {label.lower()}."]
            continue
        if find_column(headers, column) is None:
            errors[name] = [f"The file has no column '{column}' (the {label.lower()}). "
                            "Nothing was imported: choose another column or correct the file."]
    if columns.get("module_column") and fixed_module is not None:
        errors["fixed_module"] = ["Choose either a module column or one module for the whole "
                                  "file, not both."]
    elif not columns.get("module_column") and fixed_module is None:
        errors["module_column"] = ["Choose the column that names the module, or one module "
                                   "for the whole file."]
    if columns.module_match not in ModuleMatch.values:
        errors["module_match"] = ["Choose whether the module column holds keys or titles."]
    if columns.date_format not in DateFormat.values:
        errors["date_format"] = ["Choose how the file writes its dates."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def import_mapping_save(*, institution, actor, columns: Columns) -> ImportMapping:
    """Save the institution's columns for its next import (audited when they change)."""
    enforce("import_upload", institution=institution, actor=actor)
    values = {**{name: columns.get(name) for name in COLUMN_LABELS},
              "module_match": columns.module_match, "date_format": columns.date_format,
              "updated_by": actor}
    missing = {name: [f"Choose the column that holds the {COLUMN_LABELS[name].lower()}."]
               for name, _label, required in MAPPED_COLUMNS if required and not values[name]}
    if missing:
        raise ValidationError(missing)
    existing = ImportMapping.objects.for_institution(institution).first()
    if existing is None:
        return row_create(ImportMapping, institution=institution, actor=actor,
                          action="training.import_mapping_saved", values=values)
    return row_change(existing, actor=actor, action="training.import_mapping_saved",
                      values=values)


def _fixed_module_check(run: ImportRun, module: Module | None) -> None:
    if module is None:
        return
    if module.institution_id != run.institution_id:
        raise ValidationError({"fixed_module": ["Choose a module of this institution."]})
    if not module.is_active:
        raise ValidationError({"fixed_module": [f"{module.title} is no longer active."]})


@transaction.atomic
def import_start(*, run: ImportRun, actor, columns: Columns, fixed_module: Module | None = None,
                 save_mapping: bool = True) -> ImportRun:
    """Confirm the columns and queue the import. Refused whole (ValidationError naming the
    columns) when the file lacks a mapped column or the mapping lacks a needed one."""
    run = _locked(run)
    enforce("import_start", institution=run.institution, actor=actor, obj=run)
    _fixed_module_check(run, fixed_module)
    columns_check(headers=run.headers, columns=columns, fixed_module=fixed_module)
    if save_mapping:
        import_mapping_save(institution=run.institution, actor=actor, columns=columns)
    run.mapping = columns.as_dict()
    run.fixed_module = fixed_module
    run.status = Status.QUEUED
    run.queued_at = timezone.now()
    run.save(update_fields=["mapping", "fixed_module", "status", "queued_at", "updated_at"])
    audit_record(institution=run.institution, actor=actor, action="training.import_started",
                 obj=run, changes={"columns": run.mapping,
                                   "module": fixed_module.key if fixed_module else None})
    transaction.on_commit(lambda: import_queue(run))
    return run


@transaction.atomic
def import_discard(*, run: ImportRun, actor) -> ImportRun:
    """Abandon an import whose columns were not confirmed; its file is deleted."""
    run = _locked(run)
    enforce("import_start", institution=run.institution, actor=actor, obj=run)
    _close(run, Status.DISCARDED)
    audit_record(institution=run.institution, actor=actor, action="training.import_discarded",
                 obj=run, changes={"filename": run.filename})
    return run


def import_queue(run: ImportRun) -> None:
    """Ask a worker to process the run. Never raises: the run is committed as queued, and the
    housekeeping task queues it again if this message is lost."""
    from ..tasks import import_run_process_task

    try:
        import_run_process_task.delay(institution_id=run.institution_id, run_id=run.pk)
    except Exception:  # noqa: BLE001 - a lost message only delays the import
        log.warning("Could not queue import run %s now; housekeeping will.", run.pk,
                    exc_info=True)


# -- 3. processing -----------------------------------------------------------------------------
def _locked(run: ImportRun) -> ImportRun:
    return (ImportRun.objects.for_institution(run.institution_id)
            .select_for_update(of=("self",)).select_related("institution", "uploaded_by")
            .get(pk=run.pk))


def _close(run: ImportRun, status: str, failure: str = "") -> None:
    run.status = status
    run.failure = failure[:300]
    run.content = b""
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "failure", "content", "finished_at", "updated_at"])


def import_run_process(*, institution_id: int, run_id: int, batch_size: int = BATCH_SIZE,
                       today: dt.date | None = None) -> ImportRun:
    """Apply a queued run, batch by batch, from where it stopped (a second worker on the same
    run, or a re-run after a crash, continues it: each batch is taken under the run's lock
    and the progress committed with it)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        run = _locked(ImportRun(pk=run_id, institution_id=institution_id))
        if run.status not in ImportRun.WORKING:
            return run
        if run.status == Status.QUEUED:
            run.status = Status.RUNNING
            run.started_at = run.started_at or timezone.now()
            run.save(update_fields=["status", "started_at", "updated_at"])
    try:
        table = read_table(decrypt_bytes(bytes(run.content)))
    except (FileRefused, InvalidToken):
        return _fail(run, "The uploaded file could not be read again. Upload it again.")
    plan = RowPlan(run, table)
    try:
        while True:
            with transaction.atomic():
                run = _locked(run)
                if run.status != Status.RUNNING:
                    return run
                batch = table.rows[run.rows_done:run.rows_done + batch_size]
                if not batch:
                    _finish(run)
                    return run
                _apply_batch(run, plan, batch, today)
    except Exception:
        log.exception("Import run %s stopped", run_id)
        return _fail(run, "An unexpected error stopped the import; the rows counted as done "
                          "are applied. Upload the file again to apply the rest (rows "
                          "already applied come back unchanged).")


def _finish(run: ImportRun) -> None:
    _close(run, Status.DONE)
    audit_record(institution=run.institution, actor=run.uploaded_by,
                 action="training.import_finished", obj=run,
                 changes={"rows": run.rows_total, "created": run.created_count,
                          "unchanged": run.unchanged_count, "errors": run.error_count,
                          "learners_created": run.learners_created,
                          "learners_updated": run.learners_updated})


def _fail(run: ImportRun, failure: str) -> ImportRun:
    with transaction.atomic():
        run = _locked(run)
        if run.status in ImportRun.WORKING:
            _close(run, Status.FAILED, failure)
            audit_record(institution=run.institution, actor=run.uploaded_by,
                         action="training.import_failed", obj=run,
                         changes={"rows_done": run.rows_done, "failure": failure})
    return run


class RowPlan:
    """The run's columns as positions in the file, and the institution's modules."""

    def __init__(self, run: ImportRun, table: Table):
        columns = run.mapping or {}
        self.index = {name: find_column(table.headers, columns.get(name) or "")
                      for name in COLUMN_LABELS}
        self.module_match = columns.get("module_match") or ModuleMatch.KEY
        self.date_format = columns.get("date_format") or DateFormat.ISO
        self.date_example = dt.date(2026, 10, 20).strftime(self.date_format)
        self.fixed_module = run.fixed_module
        modules = list(Module.objects.for_institution(run.institution_id))
        attribute = "key" if self.module_match == ModuleMatch.KEY else "title"
        self.modules = {getattr(m, attribute).strip().casefold(): m for m in modules}

    def cell(self, cells: list, name: str):
        index = self.index.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    def text(self, cells: list, name: str) -> str:
        value = self.cell(cells, name)
        return value.isoformat() if isinstance(value, dt.date) else str(value or "").strip()


@dataclass
class RowValues:
    email: str
    module: Module
    completed_on: dt.date
    roster: dict


_LIMITS = {"external_id": (40, "student or staff number"), "full_name": (200, "name"),
           "department": (150, "department"), "cohort": (40, "cohort")}


def row_read(plan: RowPlan, cells: list, today: dt.date) -> RowValues | str:
    """A row's values, or the problems that stop it being applied (one sentence each)."""
    problems = []
    email = plan.text(cells, "email_column").lower()
    if not email:
        problems.append("No email address.")
    else:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"'{email}' is not an email address.")
    module = plan.fixed_module
    if module is None:
        named = plan.text(cells, "module_column")
        module = plan.modules.get(named.casefold()) if named else None
        if not named:
            problems.append("No module named.")
        elif module is None:
            what = "key" if plan.module_match == ModuleMatch.KEY else "title"
            problems.append(f"No module has the {what} '{named}'.")
    if module is not None and not module.is_active:
        problems.append(f"The module '{module.title}' is no longer active.")
    raw_date = plan.cell(cells, "completed_on_column")
    completed_on = parse_date(raw_date, plan.date_format)
    if raw_date in ("", None):
        problems.append("No completion date.")
    elif completed_on is None:
        problems.append(f"'{raw_date}' is not a date written like {plan.date_example}.")
    elif completed_on > today:
        problems.append(f"The completion date {completed_on:%d %B %Y} is in the future.")
    roster: dict[str, str | int] = {"external_id": plan.text(cells, "external_id_column"),
                                    "full_name": plan.text(cells, "name_column"),
                                    "department": plan.text(cells, "department_column"),
                                    "cohort": plan.text(cells, "cohort_column")}
    for name, (limit, label) in _LIMITS.items():
        if len(str(roster[name])) > limit:
            problems.append(f"The {label} is longer than {limit} characters.")
    year = plan.text(cells, "year_column")
    if year:
        try:
            year_of_study = int(float(year))
            if not 1 <= year_of_study <= 10:
                raise ValueError
            roster["year_of_study"] = year_of_study
        except (ValueError, OverflowError):
            problems.append(f"'{year}' is not a year of study (a number such as 1).")
    if problems:
        return " ".join(problems)
    assert module is not None  # noqa: S101 - no problems means a module
    assert completed_on is not None  # noqa: S101 - and a date
    return RowValues(email=email, module=module, completed_on=completed_on,
                     roster={k: v for k, v in roster.items() if v not in ("", None)})


def _apply_batch(run: ImportRun, plan: RowPlan, batch: list[tuple[int, list]],
                 today: dt.date) -> None:
    emails = {plan.text(cells, "email_column").lower() for _n, cells in batch}
    learners = {learner.email.lower(): learner for learner in
                Learner.objects.for_institution(run.institution_id).filter(email__in=emails)}
    errors: list[ImportRowError] = []
    events: list = []
    created = unchanged = added = updated = 0
    for number, cells in batch:
        values = row_read(plan, cells, today)
        if isinstance(values, str):
            errors.append(_row_error(run, number, plan.text(cells, "email_column"), values))
            continue
        try:
            with transaction.atomic():
                learner, change = _roster_entry(run, learners.get(values.email), values)
                completion, new = completion_record(
                    learner=learner, module=values.module, completed_on=values.completed_on,
                    source=Completion.Source.IMPORT, actor=run.uploaded_by, audit=False)
        except (IntegrityError, ValidationError) as exc:
            log.info("Import run %s row %s not applied: %s", run.pk, number, exc)
            errors.append(_row_error(run, number, values.email,
                                     "The row could not be recorded (it conflicts with "
                                     "another record); enter it by hand."))
            continue
        learners[values.email] = learner
        if change == "added":
            added += 1
            events.append(("training.learner_added", learner,
                           {"email": learner.email, "import_run": run.pk}))
        elif change == "updated":
            updated += 1
            events.append(("training.learner_changed", learner,
                           {"email": learner.email, "import_run": run.pk}))
        if new:
            created += 1
            events.append(("training.completion_recorded", completion, {
                "module": values.module.key, "completed_on": values.completed_on.isoformat(),
                "source": Completion.Source.IMPORT, "import_run": run.pk}))
        else:
            unchanged += 1
    ImportRowError.objects.bulk_create(errors, ignore_conflicts=True)
    audit_record_many(institution=run.institution, events=events, actor=run.uploaded_by)
    run.rows_done += len(batch)
    run.created_count += created
    run.unchanged_count += unchanged
    run.error_count += len(errors)
    run.learners_created += added
    run.learners_updated += updated
    run.save(update_fields=["rows_done", "created_count", "unchanged_count", "error_count",
                            "learners_created", "learners_updated", "updated_at"])


def _row_error(run: ImportRun, number: int, email: str, problem: str) -> ImportRowError:
    return ImportRowError(institution_id=run.institution_id, run=run, row_number=number,
                          email=email[:254], problem=problem[:300])


def _roster_entry(run: ImportRun, learner: Learner | None, values: RowValues
                  ) -> tuple[Learner, str]:
    """The row's person on the roster: added when new, their details updated from the row
    when it gives different ones (a blank cell changes nothing)."""
    if learner is None:
        learner = Learner(institution_id=run.institution_id, kind=run.learner_kind,
                          email=values.email, **values.roster)
        learner_link_check(learner)
        learner.full_clean(validate_unique=False, validate_constraints=False)
        learner.save(force_insert=True)
        return learner, "added"
    changed = [name for name, value in values.roster.items() if getattr(learner, name) != value]
    for name in changed:
        setattr(learner, name, values.roster[name])
    before = learner.membership_id
    learner_link_check(learner)
    if learner.membership_id != before:
        changed.append("membership")
    if not changed:
        return learner, ""
    learner.save(update_fields=changed)
    return learner, "updated"


# -- the error report and housekeeping ---------------------------------------------------------
def import_errors_csv(run: ImportRun) -> bytes:
    """The row-by-row error report as CSV (UTF-8 with a byte-order mark, so that Excel reads
    it as UTF-8); no cell can be read as a formula."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Row", "Email", "Problem"])
    for error in (ImportRowError.objects.for_institution(run.institution_id)
                  .filter(run=run).order_by("row_number").iterator()):
        writer.writerow([error.row_number, safe_cell(error.email), safe_cell(error.problem)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def import_runs_housekeep(*, institution_id: int) -> dict:
    """Discard previews nobody confirmed (and their files), and queue again runs whose worker
    is gone (queued or running, untouched for ``STALE_AFTER``)."""
    now = timezone.now()
    runs = ImportRun.objects.for_institution(institution_id)
    discarded = 0
    for run in runs.filter(status=Status.PREVIEW, created_at__lt=now - PREVIEW_LIFETIME
                           ).only("pk", "institution_id"):
        with transaction.atomic():
            locked = _locked(run)
            if locked.status == Status.PREVIEW:
                _close(locked, Status.DISCARDED)
                audit_record(institution=locked.institution, actor=None,
                             action="training.import_discarded", obj=locked,
                             changes={"filename": locked.filename, "unconfirmed": True})
                discarded += 1
    stale = list(runs.filter(status__in=ImportRun.WORKING, updated_at__lt=now - STALE_AFTER)
                 .only("pk", "institution_id"))
    for run in stale:
        import_queue(run)
    return {"discarded": discarded, "queued_again": len(stale)}
