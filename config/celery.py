"""Celery wiring. Tasks are discovered from each app's ``tasks.py``.

Production runs a worker and a beat process against Redis (docker-compose.yml); ``make run``
runs the same worker and beat code against kombu's filesystem transport so no service is needed.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("standing_together")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
