"""Create the demo content of the portal. Safe to run any number of times."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.models import Locale, Page, Site

from assessment.demo import ensure_default_questionnaire, seed_reference_data
from cms.demo import seed_site_content
from cms.models import HomePage
from recommendations.services import import_rules

ADMIN_USERNAME = "admin"

HOME_CONTENT = {
    "vi": {
        "title": "Đánh giá mức độ sẵn sàng chuyển đổi số",
        "intro": (
            "<p>Doanh nghiệp, hợp tác xã và hộ kinh doanh trả lời bộ câu hỏi trong khoảng "
            "15 phút trên điện thoại, biết mình đang ở mức nào và nhận kế hoạch hành động "
            "bằng PDF do Trung tâm hỗ trợ doanh nghiệp hướng dẫn.</p>"
        ),
        "call_to_action": "Bắt đầu tự đánh giá",
    },
    "en": {
        "title": "Digital readiness self-assessment",
        "intro": (
            "<p>Businesses, co-operatives and household businesses answer a short questionnaire "
            "on their phone in about 15 minutes, see where they stand, and get a PDF action plan "
            "backed by the provincial business support center's guidance.</p>"
        ),
        "call_to_action": "Start the self-assessment",
    },
}


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
        vi = Locale.objects.get_or_create(language_code="vi")[0]
        en = Locale.objects.get_or_create(language_code="en")[0]
        home_vi = self._home_page(vi)
        home_en = self._home_translation(home_vi, en)
        seed_site_content(home_vi, home_en, en)
        seed_reference_data()
        ensure_default_questionnaire()
        import_rules()
        password, current = self._admin_user(options["admin_password"])
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
        if current:
            self.stdout.write(f"Admin login: user '{ADMIN_USERNAME}', password '{password}'")
        else:
            self.stdout.write(
                f"Admin login: user '{ADMIN_USERNAME}'; its password was changed after the demo "
                f"set it (reset with: manage.py changepassword {ADMIN_USERNAME})"
            )

    def _home_page(self, locale: Locale) -> HomePage:
        home = HomePage.objects.filter(locale=locale).first()
        if home is None:
            root = Page.get_first_root_node()
            home = root.add_child(
                instance=HomePage(locale=locale, slug="home", **HOME_CONTENT["vi"])
            )
        self._apply(home, HOME_CONTENT[locale.language_code])
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=settings.WAGTAIL_SITE_NAME,
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save(update_fields=["root_page"])
        return home

    def _home_translation(self, source: HomePage, locale: Locale) -> HomePage:
        home = source.get_translation_or_none(locale)
        if home is None:
            home = source.copy_for_translation(locale)
        home = home.specific
        self._apply(home, HOME_CONTENT[locale.language_code])
        return home

    def _apply(self, page: HomePage, content: dict[str, str]) -> None:
        """Publish ``content`` on ``page`` only when something differs, so reruns change nothing."""
        if (
            page.live
            and not page.has_unpublished_changes
            and all(getattr(page, field) == value for field, value in content.items())
        ):
            return
        for field, value in content.items():
            setattr(page, field, value)
        page.draft_title = page.title
        page.save_revision().publish()

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
