"""The institution admin's letter template editor."""

from __future__ import annotations

from django import forms

from .registry import Kind


class LetterTemplateForm(forms.Form):
    subject = forms.CharField(label="Subject", max_length=200,
                              error_messages={"required": "Enter the subject."})
    body = forms.CharField(
        label="Body", strip=False,
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "true"}),
        help_text="HTML with {{ fields }} from the list below. Never ask a reporting party to "
                  "keep the outcome confidential (000 §9).",
        error_messages={"required": "Enter the body of the letter."})
    preview_as = forms.ChoiceField(label="Preview the letter as sent to", required=False,
                                   widget=forms.RadioSelect)

    def __init__(self, *args, kind: Kind, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        roles = [(role, kind.role_labels.get(role, role.replace("_", " ").capitalize()))
                 for role in kind.roles]
        if len(roles) > 1:
            self.fields["preview_as"].choices = roles
        else:
            del self.fields["preview_as"]
