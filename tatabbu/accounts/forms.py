"""HTML input validation for accounts (no business logic: services do the writes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from tatabbu.institutions.models import Institution

from .choices import Role
from .models import User


class LoginForm(AuthenticationForm):
    """Same message for a wrong password, an unknown user and a locked account (no enumeration)."""

    error_messages = {
        "invalid_login": _(
            "Sign-in failed. Check your user name and password; after repeated failures the "
            "account is locked for a while."
        ),
        "inactive": _(
            "Sign-in failed. Check your user name and password; after repeated failures the "
            "account is locked for a while."
        ),
    }


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}"}
        ),
    )


class UserForm(forms.Form):
    """Create or edit an account (administrators)."""

    username = forms.CharField(label=_("User name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.filter(is_active=True).order_by("name_fr"),
        required=False,
        help_text=_("Required for focal points and validators."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=User._meta.get_field("preferred_language").choices
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].label_from_instance = lambda institution: str(institution)
