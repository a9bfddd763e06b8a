"""``manage.py reset_two_factor <username>``: a staff member lost their phone and codes.

Removes their authenticator app and backup codes; at their next sign-in to the admin they
enrol a new app. Run it only after checking who is asking (in person or by phone).
"""

from __future__ import annotations

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Remove a staff member's two-factor devices so they enrol again."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No account {username!r}.") from exc
        apps, _ = TOTPDevice.objects.filter(user=user).delete()
        backups, _ = StaticDevice.objects.filter(user=user).delete()
        self.stdout.write(f"Removed {apps} app device(s) and {backups} backup-code row(s).")
