"""Template tags of the public site: language switcher, navigation, breadcrumbs."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import translate_url

from wagtail.models import Page, Site

from cms.siteurl import page_public_url

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context: template.Context, language_code: str) -> str:
    """URL of the current page in ``language_code``.

    A Wagtail page goes to its live translation, or that language's home when it has
    none; any other view (search, assessment) goes to the same path in the other language.
    """
    page: Page | None = context.get("page")
    request = context.get("request")
    if isinstance(page, Page):
        translation_page = (
            page.get_translations(inclusive=True)
            .live()
            .filter(locale__language_code=language_code)
            .first()
        )
        if translation_page is not None:
            url = translation_page.get_url(request=request)
            if url:
                return url
        return f"/{language_code}/"
    if request is not None:
        url = translate_url(request.get_full_path(), language_code)
        if url.startswith(f"/{language_code}/"):
            return url
    return f"/{language_code}/"


def _home_for(context: template.Context) -> Page | None:
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    return site.root_page.localized


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> list[Page]:
    """Live pages under the home page of the current language ticked "Show in menus"."""
    home = _home_for(context)
    if home is None:
        return []
    return list(home.get_children().live().public().in_menu().specific(defer=True))


@register.simple_tag(takes_context=True)
def footer_pages(context: template.Context) -> list[Page]:
    """Live standard pages under the home page that are not in the main menu (privacy, terms)."""
    from cms.models import StandardPage

    home = _home_for(context)
    if home is None:
        return []
    return list(StandardPage.objects.child_of(home).live().public().filter(show_in_menus=False))


@register.simple_tag(takes_context=True)
def home_url(context: template.Context) -> str:
    """URL of the home page in the current language."""
    home = _home_for(context)
    url = home.get_url(request=context.get("request")) if home is not None else None
    return url or "/"


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context: template.Context) -> dict[str, Any]:
    """The trail from the home page to the current page (none on the home page itself)."""
    page: Page | None = context.get("page")
    ancestors: list[Page] = []
    if isinstance(page, Page) and page.depth > 2:
        ancestors = list(page.get_ancestors().filter(depth__gt=1))
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


@register.filter
def public_url(page: Page | None) -> str:
    """The page's absolute URL on PORTAL_BASE_URL (canonical and hreflang links)."""
    return page_public_url(page) if isinstance(page, Page) else ""
