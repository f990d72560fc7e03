"""Shared form pieces: dates, yes/no questions, penalties from the institution's catalogue, and
putting a service's ValidationError back against the fields the person typed into."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from ..models import Authority, PenaltyType
from ..services.penalties import authority_label

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


def date_field(label: str, *, required: bool = True, help_text: str = "",
               required_message: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": "Enter a real date, for example 2026-11-02.",
            "required": required_message or f"Enter the {label.lower()}.",
        },
    )


def text(label: str, *, required: bool = False, max_length: int | None = 200,
         help_text: str = "", required_message: str = "", **widget_attrs) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text,
        widget=forms.TextInput(attrs=widget_attrs or None),
        error_messages={"required": required_message or f"Enter the {label.lower()}."},
    )


def long_text(label: str, *, required: bool = False, help_text: str = "", rows: int = 5,
              required_message: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, strip=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message or f"Enter the {label.lower()}."},
    )


def _sentence(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def _yes(value) -> bool:
    return value == "yes"


def yes_no(label: str, *, help_text: str = "", yes: str = "Yes", no: str = "No",
           required: bool = True, required_message: str = "") -> forms.TypedChoiceField:
    """A question answered yes or no with radio buttons in a fieldset (not a lone checkbox,
    whose unticked state cannot be told from 'not answered')."""
    return forms.TypedChoiceField(
        label=label, help_text=help_text, required=required,
        choices=[("yes", yes), ("no", no)], coerce=_yes, empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": required_message or "Choose yes or no."},
    )


def radio(label: str, choices, *, help_text: str = "", required: bool = True,
          required_message: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, help_text=help_text, required=required,
        widget=forms.RadioSelect,
        error_messages={"required": required_message or "Choose one.",
                        "invalid_choice": "Choose one of the options."},
    )


def add_service_errors(form: forms.Form, exc: ValidationError,
                       field_map: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form: each key (``respondent.student_id``,
    ``allegations.0.description``) against the field it came from, anything else in the
    error summary."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for key, messages in exc.message_dict.items():
            name = field_map.get(key, key)
            target = name if name in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class Group:
    """Fields shown together: a fieldset with a legend, or a special block (penalties)."""

    def __init__(self, kind: str, names, legend: str = "", hint: str = ""):
        self.kind = kind
        self.names = list(names)
        self.legend = legend
        self.hint = hint
        self.fields: list = []


class Item:
    kind = "field"

    def __init__(self, field):
        self.field = field


class LayoutMixin:
    """``{{ form }}`` renders an error summary, then the fields in order, with declared
    fieldsets (``fieldsets = [(legend, names, hint)]``) and the penalties block kept
    together where their first field falls."""

    template_name = "cases/forms/form.html"
    fieldsets: tuple = ()

    def groups(self) -> list[Group]:
        groups = [Group("fieldset", names, legend, hint)
                  for legend, names, hint in self.fieldsets]
        if getattr(self, "_penalty_specs", None) is not None:
            groups.append(Group("penalties", self.penalty_field_names(),
                                legend=self.penalty_legend))
        return groups

    def layout(self) -> list:
        by_name = {}
        for group in self.groups():
            for name in group.names:
                by_name[name] = group
        items, placed = [], set()
        for name, field in self.fields.items():
            if field.widget.is_hidden:
                continue
            group = by_name.get(name)
            if group is None:
                items.append(Item(self[name]))
            elif id(group) not in placed:
                placed.add(id(group))
                group.fields = [self[n] for n in group.names if n in self.fields]
                items.append(group)
        return items


class CaseForm(LayoutMixin, forms.Form):
    """A form about one case. ``case``, ``actor`` and ``membership`` are known to every form
    so choices can come from the case (its Board, its deadlines, its catalogue)."""

    def __init__(self, *args, case, actor, membership, **kwargs):
        self.case = case
        self.actor = actor
        self.membership = membership
        self.institution = case.institution
        super().__init__(*args, **kwargs)

    def service_field_map(self) -> dict[str, str]:
        """Service error key -> form field, where they differ."""
        return {}

    def place_after(self, anchor: str, names) -> None:
        """Move ``names`` (e.g. the penalty fields added in __init__) to follow ``anchor``."""
        names = [n for n in names if n in self.fields]
        order = []
        for name in self.fields:
            if name in names:
                continue
            order.append(name)
            if name == anchor:
                order += names
        self.order_fields(order)


class PenaltyRow:
    def __init__(self, penalty, checkbox, amount, details):
        self.penalty = penalty
        self.checkbox = checkbox
        self.amount = amount
        self.details = details


class PenaltyFieldsMixin:
    """Checkboxes for the penalties of the institution's catalogue that ``authority`` may
    impose, with an amount for fines and details for each. Penalties beyond that body's power
    are listed by name, not offered (the service refuses them anyway)."""

    def add_penalty_fields(self, *, authority: str, prefix: str = "penalty",
                           legend: str = "Penalties") -> None:
        case = self.case
        self.penalty_prefix = prefix
        self.penalty_legend = legend
        self.penalty_authority = authority_label(case, authority)
        self._penalty_specs = []
        self.penalties_beyond = []
        catalogue = (PenaltyType.objects.for_institution(case.institution_id)
                     .prefetch_related("authorities"))
        for penalty in catalogue:
            powers = {a.authority: a for a in penalty.authorities.all()}
            power = powers.get(authority)
            if power is None:
                holders = [f"the {authority_label(case, a)}" for a in Authority.values
                           if a in powers]
                self.penalties_beyond.append(
                    (penalty, " or ".join(holders) if holders else "nobody in this procedure"))
                continue
            code = penalty.code
            name = f"{prefix}_{code}"
            label = penalty.name + (f" ({penalty.reference})" if penalty.reference else "")
            conviction = power.only_on_criminal_conviction or penalty.needs_criminal_conviction
            self.fields[name] = forms.BooleanField(
                label=label, required=False,
                help_text="Only where the student has a criminal conviction." if conviction
                else "")
            if penalty.is_fine or penalty.takes_amount:
                ceiling = power.maximum_fine if power.maximum_fine is not None \
                    else penalty.fine_maximum
                bounds = []
                if penalty.fine_minimum is not None:
                    bounds.append(f"at least £{penalty.fine_minimum:,.2f}")
                if ceiling is not None:
                    bounds.append(f"the {self.penalty_authority} may set up to £{ceiling:,.2f}")
                self.fields[f"{name}_amount"] = forms.DecimalField(
                    label=(f"Amount of the fine in pounds ({penalty.name.lower()})"
                           if penalty.is_fine else
                           f"Amount in pounds ({penalty.name.lower()})"),
                    required=False, min_value=0, max_digits=8, decimal_places=2,
                    help_text=_sentence("; ".join(bounds)),
                    widget=forms.TextInput(attrs={"inputmode": "decimal",
                                                  "autocomplete": "off"}),
                    error_messages={"invalid": "Enter an amount in pounds, for example 150 "
                                               "or 150.00."})
            self.fields[f"{name}_details"] = forms.CharField(
                label=f"Details of {penalty.name[:1].lower() + penalty.name[1:]} (optional)",
                required=False, max_length=300)
            self._penalty_specs.append(penalty)

    def penalty_rows(self) -> list[PenaltyRow]:
        rows = []
        for penalty in self._penalty_specs:
            name = f"{self.penalty_prefix}_{penalty.code}"
            rows.append(PenaltyRow(
                penalty, self[name],
                self[f"{name}_amount"] if f"{name}_amount" in self.fields else None,
                self[f"{name}_details"]))
        return rows

    def penalty_field_names(self) -> set[str]:
        prefix = f"{self.penalty_prefix}_"
        return {name for name in self.fields if name.startswith(prefix)}

    def clean_penalties(self) -> None:
        """An amount typed for a fine that was not ticked is a slip, not a choice."""
        data = self.cleaned_data
        for penalty in self._penalty_specs:
            name = f"{self.penalty_prefix}_{penalty.code}"
            if data.get(f"{name}_amount") is not None and not data.get(name):
                self.add_error(name, f"Tick {penalty.name.lower()} to impose it, or clear "
                                     "the amount.")

    def chosen_penalties(self) -> list[dict]:
        data = self.cleaned_data
        chosen = []
        for penalty in self._penalty_specs:
            name = f"{self.penalty_prefix}_{penalty.code}"
            if data.get(name):
                chosen.append({"code": penalty.code, "amount": data.get(f"{name}_amount"),
                               "details": data.get(f"{name}_details") or ""})
        return chosen
