"""The WSGI application the benchmark's gunicorn serves: ``config.wsgi``'s, with the floor and
bare views routed even under settings other than ``config.settings.bench`` (the smoke test runs
it under the test settings)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
application = get_wsgi_application()
if not getattr(settings, "BENCH", False):
    settings.ROOT_URLCONF = "bench.root_urls"
