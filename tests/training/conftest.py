"""Both demo-shaped institutions with their training catalogues, a training administrator in
each, someone in another role, and the clock frozen on a Wednesday (nothing here depends on the
day the suite runs)."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import Workbook

from accounts.roles import Role
from training.catalogue import training_catalogue_apply
from training.models import Learner, Module
from training.services.imports import Columns, import_run_process, import_start, import_upload

from ..factories import InstitutionFactory, staff

NOW = dt.datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))  # a Wednesday
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def kingsway(db):
    inst = InstitutionFactory(slug="kingsway", name="Kingsway School of Economics")
    training_catalogue_apply(institution=inst, shape="002")
    return inst


@pytest.fixture
def midshire(db):
    inst = InstitutionFactory(slug="midshire", name="University of Midshire")
    training_catalogue_apply(institution=inst, shape="004")
    return inst


@pytest.fixture
def admin_k(kingsway):
    return staff(kingsway, Role.TRAINING_ADMIN, email="training@kingsway.test")


@pytest.fixture
def admin_m(midshire):
    return staff(midshire, Role.TRAINING_ADMIN, email="training@midshire.test")


@pytest.fixture
def caseworker_k(kingsway):
    return staff(kingsway, Role.SUPPORT_CASEWORKER, email="caseworker@kingsway.test")


@pytest.fixture(params=["kingsway", "midshire"])
def world(request):
    """(institution, its training administrator), for each demo shape."""
    inst = request.getfixturevalue(request.param)
    admin = request.getfixturevalue("admin_k" if request.param == "kingsway" else "admin_m")
    return inst, admin


def module(inst, key: str) -> Module:
    return Module.objects.for_institution(inst).get(key=key)


def student_key(inst) -> str:
    return "consent-ed-1" if inst.slug == "kingsway" else "bystander-consent"


def learner(inst, email: str, **values) -> Learner:
    return Learner.objects.create(institution=inst, kind=values.pop("kind", "student"),
                                  email=email, **values)


def csv_bytes(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(cells) for cells in rows).encode()


def xlsx_bytes(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ["Email", "Student ID", "Name", "Module", "Completed"]
COLUMNS = Columns(values={"email_column": "Email", "external_id_column": "Student ID",
                          "name_column": "Name", "module_column": "Module",
                          "completed_on_column": "Completed"},
                  module_match="key", date_format="%d/%m/%Y")


def run_import(inst, admin, data: bytes, *, columns: Columns = COLUMNS, fixed_module=None,
               batch_size: int = 500, kind: str = "student"):
    """Upload, confirm the columns and process, as the worker would."""
    run = import_upload(institution=inst, actor=admin, filename="export.csv", data=data,
                        learner_kind=kind)
    import_start(run=run, actor=admin, columns=columns, fixed_module=fixed_module)
    return import_run_process(institution_id=inst.pk, run_id=run.pk, batch_size=batch_size)
