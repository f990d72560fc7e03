"""Template helpers: the staff navigation's links to precautionary pages, and the §20 grounds
in words."""

from django import template

from accounts.roles import Role

from ..models import Ground
from ..roles import PRECAUTIONARY_GROUP, SECURITY
from ..selectors import CONVENER
from ..wording import say

register = template.Library()

#: Who is shown the link to the matters: those who may be convened or convene (the list itself
#: is need-to-know: each sees only the matters they are convened for).
SEES_MATTERS = (CONVENER, PRECAUTIONARY_GROUP, Role.APPEAL_REVIEWER)


@register.filter
def sees_precautionary(membership) -> bool:
    return membership is not None and membership.has_role(*SEES_MATTERS)


@register.filter
def enforces_measures(membership) -> bool:
    return membership is not None and membership.has_role(SECURITY)


@register.filter
def ground_labels(codes) -> list[str]:
    labels = dict(Ground.choices)
    return [labels.get(code, code) for code in codes or []]


@register.filter(name="say")
def say_filter(text, institution) -> str:
    """A text written in 002's words (§19-23), in the institution's procedure's words."""
    return say(institution, text)
