"""Completion records from a learning platform's export (issue 11 §8): a file refused whole
for its structure, rows applied or reported one by one, idempotent re-imports, CSV and XLSX
alike, batches with progress, the saved columns, the pages and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Membership
from accounts.roles import Role
from training.models import (
    Completion,
    ImportMapping,
    ImportRowError,
    ImportRun,
    Learner,
)
from training.services.imports import (
    Columns,
    import_run_process,
    import_runs_housekeep,
    import_start,
    import_upload,
)

from ..conftest import api_as
from ..factories import staff
from ..upload_samples import clamd  # noqa: F401 - fixture
from .conftest import (
    COLUMNS,
    HEADER,
    csv_bytes,
    learner,
    module,
    run_import,
    student_key,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def rows(inst) -> list[list[str]]:
    key = student_key(inst)
    return [HEADER,
            ["ada@students.test", "S001", "Ada Lovelace", key, "01/10/2026"],
            ["alan@students.test", "S002", "Alan Turing", key, "02/10/2026"],
            ["grace@students.test", "S003", "Grace Hopper", key, "03/10/2026"]]


def completions(inst):
    return Completion.objects.for_institution(inst)


# -- refused whole ---------------------------------------------------------------------------
def test_import_refuses_a_file_missing_a_mapped_column_whole(world):
    inst, admin = world
    data = csv_bytes([["Email", "Student ID", "Module", "Date"],
                      ["ada@students.test", "S001", student_key(inst), "01/10/2026"]])
    run = import_upload(institution=inst, actor=admin, filename="export.csv", data=data)
    with pytest.raises(ValidationError) as refused:
        import_start(run=run, actor=admin, columns=COLUMNS)  # maps "Completed" and "Name"
    errors = refused.value.message_dict
    assert errors["completed_on_column"] == [
        "The file has no column 'Completed' (the completion date). Nothing was imported: "
        "choose another column or correct the file."]
    assert "name_column" in errors
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEW
    assert not completions(inst).exists()
    assert not Learner.objects.for_institution(inst).exists()


def test_api_refuses_a_file_missing_a_saved_column_whole_and_keeps_nothing(world):
    inst, admin = world
    ImportMapping.objects.create(institution=inst, email_column="Email",
                                 module_column="Module", completed_on_column="Completed",
                                 date_format="%d/%m/%Y")
    data = csv_bytes([["Email", "Module", "Finished"],
                      ["ada@students.test", student_key(inst), "01/10/2026"]])
    response = api_as(admin).post(f"/api/v1/{inst.slug}/training/imports/", {
        "file": SimpleUploadedFile("export.csv", data), "start": True}, format="multipart")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["completed_on_column"][0].startswith(
        "The file has no column 'Completed'")
    assert not ImportRun.objects.for_institution(inst).exists()
    assert not completions(inst).exists()


@pytest.mark.parametrize(("data", "message"), [
    (b"", "The file is empty."),
    (b"%PDF-1.7 not a spreadsheet\x00\x01", "not a CSV or Excel"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel file (.xls)"),
    ("Email,Completed\nzoë@students.test,01/10/2026\n".encode("latin-1"), "UTF-8"),
    (b"Email,Completed\n", "no rows to import"),
    (b"Email,Email\na@b.test,c@d.test\n", "appears more than once"),
    (b"PK\x03\x04broken zip", "cannot be read"),
])
def test_a_file_with_structural_errors_is_refused_whole(world, data, message):
    inst, admin = world
    with pytest.raises(ValidationError) as refused:
        import_upload(institution=inst, actor=admin, filename="export.csv", data=data)
    assert list(refused.value.message_dict) == ["file"]
    assert message in refused.value.message_dict["file"][0]
    assert not ImportRun.objects.for_institution(inst).exists()


def test_the_upload_page_shows_why_a_file_is_refused(client, world):
    inst, admin = world
    client.force_login(admin)
    page = client.post(f"/{inst.slug}/staff/training/imports/new/", {
        "file": SimpleUploadedFile("export.pdf", b"%PDF-1.7\x00\x00\x00"),
        "learner_kind": "student"})
    assert page.status_code == 200
    assert "not a CSV or Excel" in page.text
    assert not ImportRun.objects.for_institution(inst).exists()


# -- rows one by one ---------------------------------------------------------------------------
def test_bad_rows_are_reported_and_good_rows_applied(world):
    inst, admin = world
    key = student_key(inst)
    data = csv_bytes(rows(inst)[:2] + [
        ["", "S009", "No Email", key, "01/10/2026"],
        ["bob@students.test", "S010", "Bob", "no-such-module", "01/10/2026"],
        ["carol@students.test", "S011", "Carol", key, "31/02/2026"],
        ["dan@students.test", "S012", "Dan", key, "05/11/2026"],
        ["not-an-email", "S013", "Eve", key, ""],
    ] + rows(inst)[2:])
    run = run_import(inst, admin, data)
    assert run.status == ImportRun.Status.DONE
    assert (run.created_count, run.unchanged_count, run.error_count) == (3, 0, 5)
    assert sorted(completions(inst).values_list("learner__email", flat=True)) == [
        "ada@students.test", "alan@students.test", "grace@students.test"]
    report = {e.row_number: e.problem for e in ImportRowError.objects.for_institution(inst)}
    assert report == {
        3: "No email address.",
        4: "No module has the key 'no-such-module'.",
        5: "'31/02/2026' is not a date written like 20/10/2026.",
        6: "The completion date 05 November 2026 is in the future.",
        7: "'not-an-email' is not an email address. No completion date.",
    }
    # Nobody is put on the roster from a row that was not applied.
    assert not Learner.objects.for_institution(inst).filter(email="bob@students.test").exists()


def test_reimporting_the_same_file_creates_nothing(world):
    inst, admin = world
    data = csv_bytes(rows(inst))
    first = run_import(inst, admin, data)
    again = run_import(inst, admin, data)
    assert (first.created_count, first.unchanged_count, first.learners_created) == (3, 0, 3)
    assert (again.created_count, again.unchanged_count, again.error_count,
            again.learners_created, again.learners_updated) == (0, 3, 0, 0, 0)
    assert completions(inst).count() == 3
    assert Learner.objects.for_institution(inst).count() == 3


def test_xlsx_import_matches_csv(kingsway, midshire, admin_k, admin_m):
    key_k, key_m = "consent-ed-1", "bystander-consent"
    table = [HEADER,
             ["ada@students.test", "S001", "Ada Lovelace", key_k, dt.date(2026, 10, 1)],
             ["alan@students.test", 2002, "Alan Turing", key_k, "02/10/2026"],
             ["", "S003", "Nobody", key_k, "03/10/2026"]]
    as_text = [[c.strftime("%d/%m/%Y") if isinstance(c, dt.date) else str(c) for c in row]
               for row in table]
    csv_run = run_import(kingsway, admin_k, csv_bytes(as_text))
    xlsx_run = run_import(midshire, admin_m, xlsx_bytes(
        [[key_m if c == key_k else c for c in row] for row in table]))
    assert xlsx_run.file_format == "xlsx"

    def outcome(inst, run):
        return ((run.created_count, run.unchanged_count, run.error_count),
                sorted(completions(inst).values_list("learner__email", "learner__external_id",
                                                     "learner__full_name", "completed_on")),
                list(ImportRowError.objects.for_institution(inst).values_list(
                    "row_number", "problem")))

    assert outcome(kingsway, csv_run) == outcome(midshire, xlsx_run)
    assert outcome(kingsway, csv_run)[0] == (2, 0, 1)


def test_rows_add_and_update_roster_entries_and_link_staff(world):
    inst, admin = world
    existing = learner(inst, "ada@students.test", full_name="A. Lovelace", department="Maths")
    member = staff(inst, Role.CLERK, email="clerk@staff.test")
    data = csv_bytes([HEADER + ["Department", "Year"],
                      ["ADA@students.test", "S001", "Ada Lovelace", "unconscious-bias",
                       "01/10/2026", "", "1"],
                      ["clerk@staff.test", "E77", "C. Lerk", "unconscious-bias",
                       "01/10/2026", "Registry", ""]])
    columns = Columns(values={**COLUMNS.values, "department_column": "Department",
                              "year_column": "Year"},
                      module_match="key", date_format="%d/%m/%Y")
    run = run_import(inst, admin, data, columns=columns, kind="staff")
    assert (run.learners_created, run.learners_updated) == (1, 1)
    existing.refresh_from_db()
    # A blank cell changes nothing; a given one updates.
    assert (existing.full_name, existing.department, existing.external_id,
            existing.year_of_study) == ("Ada Lovelace", "Maths", "S001", 1)
    clerk = Learner.objects.for_institution(inst).get(email="clerk@staff.test")
    assert clerk.kind == "staff"
    assert clerk.membership_id == Membership.objects.for_institution(inst).get(user=member).pk


def test_a_fixed_module_chosen_at_upload_and_titles_matched(world):
    inst, admin = world
    data = csv_bytes([["Email", "Completed"], ["ada@students.test", "2026-10-01"]])
    run = run_import(inst, admin, data, columns=Columns(
        values={"email_column": "email", "completed_on_column": "COMPLETED"},
        date_format="%Y-%m-%d"), fixed_module=module(inst, student_key(inst)))
    assert run.created_count == 1
    titled = csv_bytes([["Email", "Course", "Completed"],
                        ["alan@students.test", " unconscious BIAS ", "2026-10-02"]])
    run = run_import(inst, admin, titled, columns=Columns(
        values={"email_column": "Email", "module_column": "Course",
                "completed_on_column": "Completed"},
        module_match="title", date_format="%Y-%m-%d"))
    assert (run.created_count, run.error_count) == (1, 0)


def test_large_files_are_applied_in_batches_with_progress(world):
    inst, admin = world
    key = student_key(inst)
    data = csv_bytes([HEADER] + [[f"s{n}@students.test", f"S{n}", f"S {n}", key, "01/10/2026"]
                                 for n in range(7)])
    run = import_upload(institution=inst, actor=admin, filename="big.csv", data=data)
    import_start(run=run, actor=admin, columns=COLUMNS)
    seen = []
    import training.services.imports as service

    original = service._apply_batch

    def spy(run, plan, batch, today):
        original(run, plan, batch, today)
        seen.append(run.rows_done)

    service._apply_batch = spy
    try:
        done = import_run_process(institution_id=inst.pk, run_id=run.pk, batch_size=3)
    finally:
        service._apply_batch = original
    assert seen == [3, 6, 7]
    assert (done.status, done.rows_done, done.rows_total, done.created_count) == (
        "done", 7, 7, 7)
    # Processing again (a second worker, a re-run) changes nothing.
    again = import_run_process(institution_id=inst.pk, run_id=run.pk, batch_size=3)
    assert (again.rows_done, again.created_count) == (7, 7)


def test_the_uploaded_file_is_kept_only_until_the_run_ends(world):
    inst, admin = world
    run = import_upload(institution=inst, actor=admin, filename="x.csv",
                        data=csv_bytes(rows(inst)))
    assert bytes(run.content)  # encrypted while it waits
    assert b"ada@students.test" not in bytes(run.content)
    import_start(run=run, actor=admin, columns=COLUMNS)
    done = import_run_process(institution_id=inst.pk, run_id=run.pk)
    assert bytes(done.content) == b""
    done.refresh_from_db()
    assert bytes(done.content) == b""


def test_housekeeping_discards_unconfirmed_previews_and_requeues_lost_runs(world):
    import time_machine

    inst, admin = world
    stale = import_upload(institution=inst, actor=admin, filename="old.csv",
                          data=csv_bytes(rows(inst)))
    lost = import_upload(institution=inst, actor=admin, filename="lost.csv",
                         data=csv_bytes(rows(inst)))
    import_start(run=lost, actor=admin, columns=COLUMNS)  # its message never reached a worker
    with time_machine.travel(dt.datetime(2026, 11, 5, 11, 0, tzinfo=dt.UTC), tick=False):
        result = import_runs_housekeep(institution_id=inst.pk)
    assert result == {"discarded": 1, "queued_again": 1}
    stale.refresh_from_db()
    lost.refresh_from_db()
    assert (stale.status, bytes(stale.content)) == ("discarded", b"")
    assert lost.status == "done"  # Celery eager: the queued run ran
    assert completions(inst).count() == 3


# -- the pages ---------------------------------------------------------------------------------
def test_page_flow_upload_confirm_columns_progress_and_error_report(
        client, world, django_capture_on_commit_callbacks):
    inst, admin = world
    client.force_login(admin)
    data = csv_bytes(rows(inst) + [["", "S9", "Nobody", student_key(inst), "01/10/2026"]])
    response = client.post(f"/{inst.slug}/staff/training/imports/new/", {
        "file": SimpleUploadedFile("platform.csv", data), "learner_kind": "student"})
    assert response.status_code == 302
    run = ImportRun.objects.for_institution(inst).get()
    preview = client.get(response["Location"])
    assert "Confirm the columns" in preview.text
    assert "ada@students.test" in preview.text  # the first rows are shown
    assert '<option value="Email" selected>' in preview.text  # a likely column is guessed
    # Start without a module column or a fixed module: shown against the field.
    form = {"email_column": "Email", "completed_on_column": "Completed",
            "module_match": "key", "date_format": "%d/%m/%Y", "save_mapping": "on"}
    page = client.post(response["Location"], form)
    assert "Choose the column that names the module" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(response["Location"], {**form, "module_column": "Module",
                                                      "name_column": "Name"})
    assert started.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.created_count, run.error_count) == ("done", 3, 1)
    result = client.get(f"/{inst.slug}/staff/training/imports/{run.pk}/")
    assert "Rows not applied (1)" in result.text
    assert "No email address." in result.text
    report = client.get(f"/{inst.slug}/staff/training/imports/{run.pk}/errors.csv")
    assert report["Content-Type"].startswith("text/csv")
    assert report.content.decode("utf-8-sig").splitlines() == [
        "Row,Email,Problem", "5,,No email address."]
    # The columns are saved and prefill the next import.
    saved = ImportMapping.objects.for_institution(inst).get()
    assert (saved.email_column, saved.module_column, saved.name_column) == (
        "Email", "Module", "Name")
    client.post(f"/{inst.slug}/staff/training/imports/new/", {
        "file": SimpleUploadedFile("next.csv", data), "learner_kind": "student"})
    following = ImportRun.objects.for_institution(inst).exclude(pk=run.pk).get()
    preview = client.get(f"/{inst.slug}/staff/training/imports/{following.pk}/")
    assert '<option value="Module" selected>' in preview.text
    assert '<option value="%d/%m/%Y" selected>' in preview.text


def test_progress_is_polled_while_the_import_runs(client, world):
    inst, admin = world
    client.force_login(admin)
    run = import_upload(institution=inst, actor=admin, filename="x.csv",
                        data=csv_bytes(rows(inst)))
    import_start(run=run, actor=admin, columns=COLUMNS)  # queued; no worker has run it yet
    page = client.get(f"/{inst.slug}/staff/training/imports/{run.pk}/")
    assert 'hx-trigger="every 2s"' in page.text
    assert "0 of 3 rows" in page.text
    import_run_process(institution_id=inst.pk, run_id=run.pk)
    poll = client.get(f"/{inst.slug}/staff/training/imports/{run.pk}/progress/",
                      HTTP_HX_REQUEST="true")
    assert poll.headers["HX-Refresh"] == "true"
    assert "3 of 3 rows" in client.get(f"/{inst.slug}/staff/training/imports/{run.pk}/").text


def test_an_unconfirmed_upload_can_be_discarded(client, world):
    inst, admin = world
    client.force_login(admin)
    run = import_upload(institution=inst, actor=admin, filename="x.csv",
                        data=csv_bytes(rows(inst)))
    response = client.post(f"/{inst.slug}/staff/training/imports/{run.pk}/discard/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.status, bytes(run.content)) == ("discarded", b"")
    again = api_as(admin).post(f"/api/v1/{inst.slug}/training/imports/{run.pk}/start/", {
        "email_column": "Email"}, format="json")
    assert again.status_code == 409


# -- the API -----------------------------------------------------------------------------------
def test_api_upload_then_start_then_read_the_report(world, django_capture_on_commit_callbacks):
    inst, admin = world
    client = api_as(admin)
    data = csv_bytes(rows(inst) + [["bad", "S9", "Bad", student_key(inst), "01/10/2026"]])
    uploaded = client.post(f"/api/v1/{inst.slug}/training/imports/", {
        "file": SimpleUploadedFile("export.csv", data)}, format="multipart")
    assert uploaded.status_code == 201, uploaded.content
    body = uploaded.json()
    assert (body["status"], body["rows_total"], body["headers"]) == ("preview", 4, HEADER)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"/api/v1/{inst.slug}/training/imports/{body['id']}/start/", {
            **COLUMNS.values, "module_match": "key", "date_format": "%d/%m/%Y"},
            format="json")
    assert started.status_code == 200, started.content
    run = client.get(f"/api/v1/{inst.slug}/training/imports/{body['id']}/").json()
    assert (run["status"], run["created_count"], run["error_count"], run["percent_done"]) == (
        "done", 3, 1, 100)
    errors = client.get(f"/api/v1/{inst.slug}/training/imports/{body['id']}/errors/").json()
    assert errors["results"] == [{"row_number": 5, "email": "bad",
                                  "problem": "'bad' is not an email address."}]
    csv_report = client.get(f"/api/v1/{inst.slug}/training/imports/{body['id']}/errors.csv")
    assert csv_report.status_code == 200
    assert b"'bad' is not an email address." in csv_report.content
    mapping = client.get(f"/api/v1/{inst.slug}/training/import-mapping/").json()
    assert mapping["completed_on_column"] == "Completed"


def test_api_one_shot_import_with_the_saved_columns(world, django_capture_on_commit_callbacks):
    inst, admin = world
    client = api_as(admin)
    saved = client.put(f"/api/v1/{inst.slug}/training/import-mapping/", {
        "email_column": "Email", "module_column": "Module",
        "completed_on_column": "Completed", "date_format": "%d/%m/%Y"}, format="json")
    assert saved.status_code == 200, saved.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/{inst.slug}/training/imports/", {
            "file": SimpleUploadedFile("export.xlsx", xlsx_bytes(rows(inst))),
            "start": "true"}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "queued"
    run = ImportRun.objects.for_institution(inst).get()
    assert (run.status, run.created_count) == ("done", 3)
    refused = client.put(f"/api/v1/{inst.slug}/training/import-mapping/", {
        "module_column": "Module"}, format="json")
    assert refused.status_code == 400
    assert {"email_column", "completed_on_column"} <= set(refused.json()["errors"])


def test_an_xlsx_that_unpacks_to_too_much_is_refused_whole(world, monkeypatch):
    import training.importing as importing

    inst, admin = world
    monkeypatch.setattr(importing, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ValidationError, match="too large once unpacked"):
        import_upload(institution=inst, actor=admin, filename="big.xlsx",
                      data=xlsx_bytes(rows(inst)))


def test_the_error_report_never_hands_a_spreadsheet_a_formula(world):
    from training.services.imports import import_errors_csv

    inst, admin = world
    run = run_import(inst, admin, csv_bytes(
        [HEADER, ["=HYPERLINK(\"http://x\")", "S1", "X", student_key(inst), "01/10/2026"]]))
    report = import_errors_csv(run).decode("utf-8-sig").splitlines()
    assert report[1].split(",", 2)[1].startswith("'=") or report[1].split(",", 2)[1].startswith(
        "\"'=")


# -- the virus check (issue 14 item 7), where the installation scans uploads -----------------
def test_an_infected_export_is_refused_kept_nowhere_and_audited(world, clamd):  # noqa: F811
    from audit.models import AuditEvent
    from core.uploads import UploadInfected

    from ..upload_samples import EICAR

    inst, admin = world
    with pytest.raises(UploadInfected) as caught:
        import_upload(institution=inst, actor=admin, filename="export.csv",
                      data=csv_bytes(rows(inst)) + EICAR)
    assert "virus check found harmful content" in caught.value.message_dict["file"][0]
    assert not ImportRun.objects.for_institution(inst).exists()
    event = AuditEvent.objects.for_institution(inst).get(action="upload.infected")
    assert event.changes["where"] == "training import"
    assert import_upload(institution=inst, actor=admin, filename="export.csv",
                         data=csv_bytes(rows(inst))).status == ImportRun.Status.PREVIEW
    assert len(clamd.scanned) == 2
