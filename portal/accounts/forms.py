"""Forms of sign-up and e-mail log-in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.text import nfc


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form, asking for the e-mail address people signed up with."""

    username = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy(
            "The e-mail address or the password is not right. Check both and try again."
        ),
        "inactive": gettext_lazy(
            "This account is not active yet: open the link in the e-mail we sent when you "
            "signed up."
        ),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=gettext_lazy("We send a link to this address to confirm it is yours."),
    )
    first_name = forms.CharField(label=gettext_lazy("Your name"), max_length=150, required=False)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("email", "first_name")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("username", None)
        self.fields.pop("usable_password", None)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(username__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "An account with this e-mail address already exists. Log in instead, "
                    "or reset the password."
                )
            )
        return email

    def clean_first_name(self) -> str:
        return nfc(self.cleaned_data.get("first_name", "")).strip()

    def save(self, commit: bool = True):
        user = super().save(commit=False)
        user.username = user.email = self.cleaned_data["email"]
        user.is_active = False  # until the e-mail address is confirmed
        if commit:
            user.save()
        return user


class VietnameseFirstPasswordResetForm(PasswordResetForm):
    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()
