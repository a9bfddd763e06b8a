"""Signing staff in to the admin with a real second step, for tests.

``sign_in_with_code`` logs the user in, gives them a confirmed authenticator device and
posts the code that device shows now (computed from its key with django_otp.oath.totp,
as the phone app would) to the real code page. The session is then verified exactly as
a person's would be.
"""

from __future__ import annotations

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.test import Client
from django.urls import reverse


def code_of(device: TOTPDevice, drift: int = 0) -> str:
    """The code ``device``'s app shows now (``drift`` steps later or earlier)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{value:0{device.digits}d}"


def enrolled(user) -> TOTPDevice:
    """``user``'s confirmed authenticator device (made if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def sign_in_with_code(client: Client, user) -> TOTPDevice:
    """Log ``user`` in and pass the second step through the code page."""
    client.force_login(user)
    device = enrolled(user)
    # A code is accepted once: a second sign-in in the same 30 s uses the next one.
    drift = 1 if device.last_t >= 0 else 0
    response = client.post(reverse("account_otp_verify"), {"code": code_of(device, drift)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return device
