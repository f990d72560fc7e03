"""The training administrators' pages, under /<institution_slug>/staff/training/."""

from .catalogue import campaign_edit, campaign_new, campaigns, module_edit, module_new, modules
from .home import home
from .imports import (
    import_detail,
    import_discard_view,
    import_errors_download,
    import_new,
    import_progress,
    imports,
)
from .roster import completion_new, learner_edit, learner_new, roster
from .sessions import session_detail, session_edit, session_new, sessions

__all__ = ["campaign_edit", "campaign_new", "campaigns", "completion_new", "home",
           "import_detail", "import_discard_view", "import_errors_download", "import_new",
           "import_progress", "imports", "learner_edit", "learner_new", "module_edit",
           "module_new", "modules", "roster", "session_detail", "session_edit", "session_new",
           "sessions"]
