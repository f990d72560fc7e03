from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from .lockout import LockoutMessageMixin


class EmailAuthenticationForm(LockoutMessageMixin, AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": "That email address and password do not match an account. "
        "Check both and try again.",
        "inactive": "This account is no longer active.",
    }


class AdminLoginForm(LockoutMessageMixin, AdminAuthenticationForm):
    """The admin site's login form, naming a sign-in lockout (issue 14)."""
