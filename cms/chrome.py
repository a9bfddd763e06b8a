"""The site chrome — menu, footer, support center settings, topics — once per content
version, and the signals that bump that version (see :mod:`cms.content`)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest

from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .content import bump_content_version, current_site, home_for, locale_for, public, remember
from .models import GuidanceAudience, StandardPage, SupportCenterSettings, Topic
from .provenance import ExternalLink, LegalReference


def site_chrome(request: HttpRequest | None) -> dict[str, Any]:
    """Home page, menu pages, footer pages, the support center's settings and the topics
    of the request's site in the active language (empty when no site matches)."""
    site = current_site(request)
    home = home_for(request)
    if site is None or home is None:
        return {}
    locale = locale_for(request=request)

    def build() -> dict[str, Any]:
        return {
            "home": home,
            "menu": list(
                public(home.get_children().live(), request).in_menu().specific(defer=True)
            ),
            "footer": list(
                public(StandardPage.objects.child_of(home).live(), request).filter(
                    show_in_menus=False
                )
            ),
            # Read, never created here: a write would bump the version it is built for.
            "support_center": SupportCenterSettings.objects.filter(site=site).first()
            or SupportCenterSettings(site=site),
            "topics": list(Topic.objects.all()),
        }

    return remember(request, ("chrome", site.pk, locale.pk), build)


def connect_signals() -> None:
    """Bump the content version on every change that shows on public pages."""
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_content_version, dispatch_uid=f"portal-content-{id(signal)}")
    # Any page model (drafts too: cheap, and a slug or menu change is never missed), the
    # sites, locales, private sections, settings and snippets shown on pages.
    for model in (
        None,
        Site,
        Locale,
        PageViewRestriction,
        SupportCenterSettings,
        Topic,
        GuidanceAudience,
        # Snippets that guidance pages show (a law's title, a portal's address).
        ExternalLink,
        LegalReference,
    ):
        for signal in (post_save, post_delete):
            if model is None:
                signal.connect(_page_changed, dispatch_uid=f"portal-content-page-{id(signal)}")
            else:
                signal.connect(
                    bump_content_version,
                    sender=model,
                    dispatch_uid=f"portal-content-{model.__name__}-{id(signal)}",
                )


def _page_changed(sender: type, **kwargs: Any) -> None:
    if issubclass(sender, Page):
        bump_content_version()
