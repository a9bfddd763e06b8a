"""The weekly e-mail to editors: what is due for review and which links are broken.

Who gets it: every active user with an e-mail address who is a superuser or belongs to
the editors' or moderators' group (:mod:`cms.editorial`: "Biên tập viên", "Kiểm
duyệt"), unless they turned it off in their admin account settings
(:class:`DigestPreference`, Account → Notifications → "Weekly review e-mail").
Nothing is sent when nothing is due. The message is in Vietnamese, with absolute links
to each item's admin edit page (:mod:`cms.siteurl`), so it works from any mail client.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import models
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail.admin.admin_url_finder import AdminURLFinder

from .editorial import EDITORS, MODERATORS
from .siteurl import absolute_url
from .staleness import failing_links, review_after_months, stale_groups

DIGEST_LANGUAGE = "vi"


class DigestPreference(models.Model):
    """A staff member's choice about the weekly review e-mail (on unless turned off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_preference",
        verbose_name=gettext_lazy("user"),
    )
    review_digest = models.BooleanField(
        gettext_lazy("weekly review e-mail"),
        default=True,
        help_text=gettext_lazy(
            "Each Monday, an e-mail listing the content due for review and the broken links."
        ),
    )

    class Meta:
        verbose_name = gettext_lazy("e-mail preference")
        verbose_name_plural = gettext_lazy("e-mail preferences")

    def __str__(self) -> str:
        return str(self.user)


def digest_recipients() -> models.QuerySet:
    """Editors, moderators and superusers with an e-mail address who did not opt out."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(is_superuser=True) | Q(groups__name__in=[EDITORS, MODERATORS]))
        .exclude(digest_preference__review_digest=False)
        .distinct()
        .order_by("pk")
    )


def digest_context(today: datetime.date | None = None) -> dict | None:
    """What the digest lists, or None when nothing is due.

    Edit links are given whatever the reader's permissions (the admin checks them on
    arrival), so every editor gets the same list.
    """
    finder = AdminURLFinder()
    months = review_after_months()

    def edit_url(row) -> str:
        return absolute_url(finder.get_edit_url(row) or "")

    groups = []
    for group in stale_groups(months, today):
        rows = [{"title": str(row), "edit_url": edit_url(row)} for row in group.rows]
        if rows:
            groups.append({"label": group.label, "rows": rows})
    links = [
        {
            "title": link.title,
            "url": link.url,
            "result": f"HTTP {link.last_status}" if link.last_status else _("No answer"),
            "edit_url": edit_url(link),
        }
        for link in failing_links()
    ]
    if not groups and not links:
        return None
    return {
        "months": months,
        "groups": groups,
        "failing_links": links,
        "count": sum(len(g["rows"]) for g in groups) + len(links),
        "report_url": absolute_url(reverse("cms_staleness_report")),
        "settings_url": absolute_url(reverse("wagtailadmin_account")),
    }


def send_review_digest(today: datetime.date | None = None) -> int:
    """E-mail each recipient their digest; returns how many e-mails were sent."""
    sent = 0
    with translation.override(DIGEST_LANGUAGE):
        context = digest_context(today)
        if context is None:
            return 0
        count = context["count"]
        subject = ngettext(
            "Content to review: %(count)d item", "Content to review: %(count)d items", count
        ) % {"count": count}
        body = render_to_string("cms/email/review_digest.txt", context)
        for user in digest_recipients():
            sent += send_mail(
                subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False
            )
    return sent
