from core.errors import DomainRefusal


class SafeContactError(DomainRefusal):
    """The Safe Contact record cannot make this change now; the message says why."""
