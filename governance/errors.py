from core.errors import DomainRefusal


class GovernanceError(DomainRefusal):
    """A register's row cannot make this change now; the message says why."""
