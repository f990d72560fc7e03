"""Developer laptop / ``make run``: SQLite, filesystem broker, console email."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# The verify page shows the current code of the published demo secret (twofactor.demo), so the
# demo logins work without a phone. Never in production.
DEMO_SHOW_TOTP_CODE = True
