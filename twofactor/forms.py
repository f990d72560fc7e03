from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code", max_length=40,
        help_text="The six-digit code from your authenticator app, or one of your recovery "
                  "codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}))


class SetupCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your app", max_length=6, min_length=6,
        help_text="The six digits your authenticator app shows now.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}))
