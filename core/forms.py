from django.forms.renderers import TemplatesSetting


class AccessibleFormRenderer(TemplatesSetting):
    """Every form renders with an error summary, labels, hints and errors tied to inputs."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def form_in_words(form, say):
    """Put a form's labels, help texts, choices and errors through ``say`` (text -> text):
    a form written in one procedure's words shown in an institution's own (cases/
    procedure_text.py)."""
    if form is None:
        return form
    for field in form.fields.values():
        field.label = say(field.label) if field.label else field.label
        field.help_text = say(field.help_text) if field.help_text else field.help_text
        choices = getattr(field, "choices", None)
        if choices and all(isinstance(c, tuple) and isinstance(c[1], str) for c in choices):
            field.choices = [(value, say(label)) for value, label in choices]
    fieldsets = getattr(form, "fieldsets", None)
    if fieldsets and all(isinstance(f, tuple) and len(f) == 3 for f in fieldsets):
        form.fieldsets = [(say(legend), names, say(hint) if hint else hint)
                          for legend, names, hint in fieldsets]
    if isinstance(getattr(form, "penalty_legend", None), str):
        form.penalty_legend = say(form.penalty_legend)
    if form.is_bound and getattr(form, "_errors", None):
        for errors in form._errors.values():
            errors.data[:] = [say(errors[i]) for i in range(len(errors))]
    return form
