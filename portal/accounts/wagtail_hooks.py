"""Staff reach two-step sign-in from their account page in the admin."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail import hooks

from .two_factor import has_confirmed_device


@hooks.register("register_account_menu_item")
def two_step_sign_in(request):
    """Editors may turn it on; for everyone else it is already on (or required)."""
    if has_confirmed_device(request.user):
        return None
    return {
        "url": reverse("account_otp_setup"),
        "label": _("Two-step sign-in"),
        "help_text": _("Ask for a code from your phone after your password."),
    }
