"""Staff pages of the governance registers, under /<institution_slug>/staff/governance/."""

from . import declarations, documents, plans, risks
from .home import home

#: The page of each action on a row, by policy key; governance/urls.py routes them.
PAGES = {**declarations.PAGES, **risks.PAGES, **documents.PAGES, **plans.PAGES}

__all__ = ["PAGES", "declarations", "documents", "home", "plans", "risks"]
