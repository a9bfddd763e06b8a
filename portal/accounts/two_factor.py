"""Two-factor sign-in (TOTP, django-otp) for staff who reach Wagtail's admin.

Superusers and the members of ``settings.OTP_REQUIRED_GROUPS`` (the moderators) must
enter a code from an authenticator app before any ``/admin/`` page opens; without a
device yet they are sent to enrol one. Other staff (editors) may enrol; once they have a
confirmed device, it is required of them too, so enrolling is never a false comfort.

The code is checked per session: django-otp's middleware marks the user as verified
(``request.user.is_verified()``) once a device has accepted a code in this session.
"""

from __future__ import annotations

from collections.abc import Callable

from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from recommendations.pdf.qr import qr_modules

#: Admin paths reachable with a password alone: signing in and out, resetting it.
OPEN_ADMIN_PATHS = ("login/", "logout/", "password_reset/")


def can_reach_admin(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )


def is_required(user) -> bool:
    """Superusers and the members of the required groups (moderators) must enrol."""
    return can_reach_admin(user) and (
        user.is_superuser or user.groups.filter(name__in=settings.OTP_REQUIRED_GROUPS).exists()
    )


def must_use_two_factor(user) -> bool:
    """Those who must enrol, and every other staff member once they have enrolled."""
    return is_required(user) or (can_reach_admin(user) and has_confirmed_device(user))


def has_confirmed_device(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


class StaffTwoFactorMiddleware:
    """Sends staff who must use a second factor to the code (or enrolment) page before
    any admin page; after django-otp's ``OTPMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefix = settings.OTP_PROTECTED_PREFIX

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith(self.prefix) and not path.removeprefix(self.prefix).startswith(
            OPEN_ADMIN_PATHS
        ):
            user = request.user
            if user.is_authenticated and not user.is_verified() and must_use_two_factor(user):
                view = "account_otp_verify" if has_confirmed_device(user) else "account_otp_setup"
                return redirect(reverse(view) + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)


def qr_svg(data: str, scale: int = 6, border: int = 4) -> SafeString:
    """An inline SVG of the QR code of ``data``, drawn by the same encoder as the PDF's
    codes: no external QR service ever sees the secret."""
    modules = qr_modules(data)
    size = len(modules) + 2 * border
    path = "".join(
        f"M{x + border},{y + border}h1v1h-1z"
        for y, row in enumerate(modules)
        for x, dark in enumerate(row)
        if dark
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="otp-qr" role="img" '
        'viewBox="0 0 {size} {size}" width="{px}" height="{px}" '
        'shape-rendering="crispEdges" aria-labelledby="otp-qr-title">'
        '<title id="otp-qr-title">{title}</title>'
        '<rect width="{size}" height="{size}" fill="#fff"/>'
        '<path d="{path}" fill="#000"/></svg>',
        size=size,
        px=size * scale,
        title=gettext("QR code to add the portal to your authenticator app"),
        path=mark_safe(path),  # noqa: S308 - digits and the letters M, h, v, z only
    )


def grouped(secret: str) -> str:
    """The base32 secret in groups of four, easier to type by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
