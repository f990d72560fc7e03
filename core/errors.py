"""The one exception a service raises when the procedure refuses a change (the case, report or
deadline cannot do this now), with the reason in the user's words. The API's exception handler
answers it 409 ``transition_refused`` (web/api.py); pages show it as the form's error. Each app
names its own subclass (``TransitionError``, ``ReportError``, ``DeadlineError``) so callers can
catch narrowly, but nothing that forgets to catch one answers 500."""

from django.core.exceptions import ValidationError


class DomainRefusal(Exception):
    """The change is refused by the rules; ``str(exc)`` says why."""


def field_errors(**fields: str) -> ValidationError:
    """A ValidationError naming each field's problem, as forms and the API show them."""
    return ValidationError({field: [message] for field, message in fields.items()})
