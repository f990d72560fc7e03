from core.errors import DomainRefusal


class InsightsError(DomainRefusal):
    """The report or import cannot make this change now; the message says why."""
