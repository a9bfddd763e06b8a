"""Forms of sign-up and e-mail log-in."""

from __future__ import annotations

import hashlib
from typing import Any

from axes.models import AccessAttempt

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    UserCreationForm,
)
from django.core.cache import cache
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.text import nfc, validate_typed_line

from .tokens import is_unverified

# What each field says when it is left empty or is not right: its own words, naming the
# field, instead of Django's "This field is required." for all.
EMAIL_ERRORS = {
    "required": gettext_lazy("Enter your e-mail address"),
    "invalid": gettext_lazy("Enter the e-mail address in the right form, like name@example.com"),
}
PASSWORD_ERRORS = {"required": gettext_lazy("Enter your password")}
NEW_PASSWORD_ERRORS = {
    "new_password1": {"required": gettext_lazy("Enter a new password")},
    "new_password2": {"required": gettext_lazy("Type the new password again")},
}


class NamedErrorsMixin:
    """Give the named fields their own error messages (``field_errors``)."""

    field_errors: dict[str, dict[str, Any]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, messages in self.field_errors.items():
            if name in self.fields:
                field = self.fields[name]
                field.error_messages = {**field.error_messages, **messages}


class EmailAuthenticationForm(NamedErrorsMixin, AuthenticationForm):
    """Django's login form, asking for the e-mail address people signed up with."""

    field_errors = {"username": EMAIL_ERRORS, "password": PASSWORD_ERRORS}

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

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username and self._slowed_down(username):
            raise forms.ValidationError(
                _(
                    "There were many wrong passwords for this account from several places. "
                    "Wait %(seconds)s seconds and try again."
                ),
                code="slowed_down",
                params={"seconds": settings.ACCOUNT_SOFT_DELAY_SECONDS},
            )
        return super().clean()

    @staticmethod
    def _slowed_down(username: str) -> bool:
        """The soft per-account limit: past it, one attempt per delay, from anywhere.

        django-axes locks (account, address) pairs, so a stranger cannot lock the owner
        out; this bounds guessing from many addresses without ever becoming a lock.
        """
        # django-axes deletes attempts once their cool-off is over.
        failures = AccessAttempt.objects.filter(username=username).aggregate(
            total=Sum("failures_since_start")
        )["total"]
        if (failures or 0) < settings.ACCOUNT_SOFT_FAILURE_LIMIT:
            return False
        key = "login-soft:" + hashlib.sha256(username.encode()).hexdigest()
        return not cache.add(key, 1, timeout=settings.ACCOUNT_SOFT_DELAY_SECONDS)


class SignupForm(NamedErrorsMixin, UserCreationForm):
    field_errors = {
        "email": EMAIL_ERRORS,
        "password1": {"required": gettext_lazy("Choose a password")},
        "password2": {"required": gettext_lazy("Type the password again")},
    }

    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=gettext_lazy("We send a link to this address to confirm it is yours."),
    )
    first_name = forms.CharField(
        label=gettext_lazy("Your name"),
        max_length=150,
        required=False,
        validators=[validate_typed_line],
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("email", "first_name")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("username", None)
        self.fields.pop("usable_password", None)

    def clean_email(self) -> str:
        # Whether the address has an account is told by e-mail only, never here.
        return self.cleaned_data["email"].strip().lower()

    def clean_first_name(self) -> str:
        return nfc(self.cleaned_data.get("first_name", "")).strip()

    def save(self, commit: bool = True, replacing=None):
        """Create the account, or give an unconfirmed one (``replacing``) the new password.

        Replacing changes the password hash, so every link mailed for the earlier
        sign-up stops working.
        """
        if replacing is None:
            user = super().save(commit=False)
            user.username = user.email = self.cleaned_data["email"]
        else:
            user = replacing
            user.set_password(self.cleaned_data["password1"])
            user.first_name = self.cleaned_data["first_name"]
        user.is_active = False  # until the e-mail address is confirmed
        if commit:
            user.save()
        return user


class VerifyPasswordForm(forms.Form):
    """The password chosen at sign-up, asked when the link is opened in another browser."""

    password = forms.CharField(
        label=gettext_lazy("The password you chose when signing up"),
        error_messages={"required": gettext_lazy("Enter the password you chose when signing up")},
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, user, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _(
                    "This is not the password of the latest sign-up with this address. If "
                    "someone else signed up with it, reset the password to make the account "
                    "yours."
                )
            )
        return password


class VietnameseFirstPasswordResetForm(NamedErrorsMixin, PasswordResetForm):
    field_errors = {"email": EMAIL_ERRORS}

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def get_users(self, email: str):
        """Active accounts, and unconfirmed ones: a reset proves the address is yours."""
        model = get_user_model()
        for user in model._default_manager.filter(email__iexact=email):
            if (user.is_active or is_unverified(user)) and user.has_usable_password():
                yield user


class ConfirmingSetPasswordForm(NamedErrorsMixin, SetPasswordForm):
    """Setting a password from a reset link also confirms an unconfirmed account."""

    field_errors = NEW_PASSWORD_ERRORS

    def save(self, commit: bool = True):
        if is_unverified(self.user):
            self.user.is_active = True
        return super().save(commit=commit)


class NamedPasswordChangeForm(NamedErrorsMixin, PasswordChangeForm):
    field_errors = {
        "old_password": {"required": gettext_lazy("Enter your current password")},
        **NEW_PASSWORD_ERRORS,
    }
