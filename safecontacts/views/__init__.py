"""Staff pages of the Safe Contact scheme, under /<institution_slug>/staff/safe-contacts/, and
the public directory, under /<institution_slug>/safe-contacts/."""

from .commitments import (
    commitments,
    equality,
    session_attendance,
    session_new,
    sessions,
)
from .log import log_entry, log_list, log_new, log_refer, log_summary_view
from .public import directory_page
from .records import apply, home, record_detail, record_list
from .transitions import PAGES

__all__ = ["PAGES", "apply", "commitments", "directory_page", "equality", "home", "log_entry",
           "log_list", "log_new", "log_refer", "log_summary_view", "record_detail",
           "record_list", "session_attendance", "session_new", "sessions"]
