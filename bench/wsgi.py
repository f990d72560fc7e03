"""The WSGI application the benchmark's gunicorn serves: ``config.wsgi``'s. Under settings other
than ``config.settings.bench`` (the smoke test runs it under the test settings) it also routes
the floor and bare views and raises the public throttles, as the bench settings do."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
application = get_wsgi_application()
if not getattr(settings, "BENCH", False):
    settings.ROOT_URLCONF = "bench.root_urls"
    for name in ("REPORT_API_SUBMISSIONS_PER_INSTITUTION", "REPORT_SUBMISSIONS_PER_SESSION",
                 "REPORT_SUBMISSIONS_WITHOUT_WORK_PER_INSTITUTION",
                 "REPORT_RECEIPT_FAILURES_PER_SESSION", "REPORT_RECEIPT_FAILURES_PER_INSTITUTION"):
        setattr(settings, name, 10**9)
