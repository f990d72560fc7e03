from core.errors import DomainRefusal


class TrainingError(DomainRefusal):
    """Training refuses the change now (a register before its session, an import already
    started); the API answers 409, the pages show it as the form's error."""
