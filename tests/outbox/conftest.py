import contextlib

import pytest

from cases.services.setup import disciplinary_catalogue_apply
from config import celery_app
from reporting.services.setup import reporting_defaults_apply

from ..cases.conftest import Staff
from ..factories import InstitutionFactory

#: Nothing listens here: connecting is refused at once.
DEAD_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture
def kingsway(db):
    """Kingsway with both the public report form and the disciplinary procedure set up."""
    inst = InstitutionFactory(slug="kingsway", name="Kingsway School of Economics")
    reporting_defaults_apply(institution=inst)
    disciplinary_catalogue_apply(institution=inst, shape="002")
    return inst


@pytest.fixture
def ks(kingsway):
    return Staff(kingsway)


@contextlib.contextmanager
def broker_down():
    """The project's Celery app pointed at a broker that is not there, with eager execution off
    (as in production, where tasks go through the broker): restored afterwards."""
    conf = celery_app.conf
    saved = {key: conf[key] for key in ("task_always_eager", "broker_url")}
    conf.task_always_eager = False
    conf.broker_url = DEAD_BROKER
    try:
        yield
    finally:
        conf.update(saved)
