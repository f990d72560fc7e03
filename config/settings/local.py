"""Developer laptop / ``make run``: SQLite, filesystem broker, console email."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
