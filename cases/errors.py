"""The refusal a case service raises when the procedure refuses a change now."""

from core.errors import DomainRefusal


class TransitionError(DomainRefusal):
    """The case cannot make this change now; the message says why, in the user's words."""
