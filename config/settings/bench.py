"""Benchmarks (``bench/``, issue 9 §1). Never deployed.

The production shape where it costs time (DEBUG off, the same middleware with WhiteNoise, the same
sessions, PBKDF2 passwords, no persistent database connections) with development keys, so that
the narratives the generator encrypted decrypt in every process that shares this environment.
Adds the ``bench`` app (its commands ``bench_generate`` and ``bench_run``) and its two URLs, and
raises the public throttles: a measurement of submissions per second measures the application,
not its flood limits (``BENCH_THROTTLES=on`` keeps them)."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, LOGGING, MIDDLEWARE, env

DEBUG = False
BENCH = True
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.root_urls"  # config.urls plus the floor and bare views
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "whitenoise.middleware.WhiteNoiseMiddleware")

if not env.bool("BENCH_THROTTLES", default=False):
    UNLIMITED = 10**9
    REPORT_API_SUBMISSIONS_PER_INSTITUTION = UNLIMITED
    REPORT_SUBMISSIONS_PER_SESSION = UNLIMITED
    REPORT_SUBMISSIONS_WITHOUT_WORK_PER_INSTITUTION = UNLIMITED
    REPORT_RECEIPT_FAILURES_PER_SESSION = UNLIMITED
    REPORT_RECEIPT_FAILURES_PER_INSTITUTION = UNLIMITED

LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": env("LOG_LEVEL", default="WARNING")}}

# WhiteNoise warns about a missing folder at every start; WeasyPrint about its font subsetter.
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # noqa: F405
LOGGING["loggers"] = {**LOGGING["loggers"],
                      "weasyprint": {"handlers": ["console"], "level": "ERROR",
                                     "propagate": False},
                      "fontTools": {"handlers": ["console"], "level": "ERROR",
                                    "propagate": False}}
