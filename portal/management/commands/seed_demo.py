"""Create the demo portal: every app's demo data and the demo admin. Safe to rerun."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from assessment.demo import ensure_default_questionnaire, seed_next_levels, seed_reference_data
from cms.demo import seed_site
from recommendations.demo import link_rule_guidance
from recommendations.services import import_rules, import_support_offers

ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = "Create or refresh the demo site content and the demo admin user (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin-password",
            default=None,
            help="Password for the demo admin; default: DEMO_ADMIN_PASSWORD, or one "
            "generated once and kept in var/demo-admin-password.",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        # Each app seeds its own part, bottom up: content, questionnaire, rules.
        seed_site()
        seed_reference_data()
        ensure_default_questionnaire()
        seed_next_levels()
        import_rules()
        import_support_offers()
        link_rule_guidance()
        password, current = self._admin_user(options["admin_password"])
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
        if current:
            self.stdout.write(f"Admin login: user '{ADMIN_USERNAME}', password '{password}'")
        else:
            self.stdout.write(
                f"Admin login: user '{ADMIN_USERNAME}'; its password was changed after the demo "
                f"set it (reset with: manage.py changepassword {ADMIN_USERNAME})"
            )

    def _admin_user(self, password: str | None) -> tuple[str, bool]:
        """Create the demo superuser once; never overwrite a password changed since."""
        password = password or self._stored_password()
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=ADMIN_USERNAME,
            defaults={"email": "admin@example.com", "is_staff": True, "is_superuser": True},
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        return password, user.check_password(password)

    def _stored_password(self) -> str:
        from_env = os.environ.get("DEMO_ADMIN_PASSWORD", "")
        if from_env:
            return from_env
        path = Path(settings.VAR_DIR) / "demo-admin-password"
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        password = secrets.token_urlsafe(12)
        path.write_text(password + "\n", encoding="utf-8")
        path.chmod(0o600)
        return password
