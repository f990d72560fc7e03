from core.errors import DomainRefusal


class PrecautionaryError(DomainRefusal):
    """A precautionary matter cannot make this change now; the message says why."""
