"""Staff pages for precautionary matters, under /<institution_slug>/staff/precautionary/."""

from .pages import letter_download, matter_detail, matter_open_view, queue, security_measures
from .transitions import PAGES, UnappointView

__all__ = ["PAGES", "UnappointView", "letter_download", "matter_detail", "matter_open_view",
           "queue", "security_measures"]
