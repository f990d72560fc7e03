from django.forms.renderers import TemplatesSetting


class AccessibleFormRenderer(TemplatesSetting):
    """Every form renders with an error summary, labels, hints and errors tied to inputs."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
