"""Create the demo content of the cms: used by ``manage.py seed_demo``.

Pages are created only when missing and never overwritten, so a rerun changes
nothing and editors' later changes to the demo pages are kept.
"""

from __future__ import annotations

from typing import Any

from wagtail.models import Locale, Page, Site

from cms import demo_content
from cms.editorial import ensure_editorial_setup
from cms.models import (
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    HomePageFeaturedGuidance,
    OrganisationKind,
    StandardPage,
    SupportCenterSettings,
    Topic,
)


def seed_site_content(home_vi: HomePage, home_en: HomePage, en: Locale) -> None:
    """Topics, settings, guidance, standard pages, featured guidance and editorial setup."""
    site = Site.objects.get(is_default_site=True)
    SupportCenterSettings.objects.get_or_create(site=site, defaults=demo_content.SUPPORT_CENTER)
    topics = {}
    for order, data in enumerate(demo_content.TOPICS):
        topics[data["slug"]] = Topic.objects.get_or_create(
            slug=data["slug"], defaults={**data, "sort_order": order}
        )[0]
    kinds = {kind.key: kind for kind in OrganisationKind.objects.all()}

    index_vi = _child(
        home_vi,
        GuidanceIndexPage,
        show_in_menus=True,
        **demo_content.GUIDANCE_INDEX["vi"],
    )
    index_en = _translation(index_vi, en, demo_content.GUIDANCE_INDEX["en"])
    for data in demo_content.GUIDANCE:
        page = _child(
            index_vi,
            GuidancePage,
            slug=data["slug"],
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            m2m={
                "topics": [topics[slug] for slug in data["topics"]],
                "organisation_kinds": [kinds[key] for key in data["kinds"]],
            },
        )
        if "en" in data:
            _translation(page, en, data["en"])
    for data in demo_content.STANDARD_PAGES:
        page = _child(
            home_vi,
            StandardPage,
            slug=data["slug"],
            title=data["title"],
            intro=data["intro"],
            body=data["body"],
            show_in_menus=data["in_menu"],
            show_contact_details=data["contact"],
        )
        if "en" in data:
            _translation(page, en, data["en"])
    for home in (home_vi, home_en):
        _feature(home, index_vi)
    ensure_editorial_setup([index_vi, index_en], [home_vi, home_en])


def _child(
    parent: Page,
    model: type[Page],
    slug: str,
    m2m: dict[str, list[Any]] | None = None,
    **fields: Any,
) -> Page:
    """The ``model`` page called ``slug`` under ``parent``, created and published if missing."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is not None:
        return page
    page = model(slug=slug, locale_id=parent.locale_id, **fields)
    for name, values in (m2m or {}).items():
        getattr(page, name).set(values)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _translation(source: Page, locale: Locale, fields: dict[str, Any]) -> Page:
    """The translation of ``source`` into ``locale``, created from it if missing."""
    page = source.get_translation_or_none(locale)
    if page is not None:
        return page.specific
    page = source.copy_for_translation(locale).specific
    slug = fields.get("slug")
    if slug:
        # Set the English slug directly: a normal save would record a "slug changed" and
        # leave a pointless redirect from the copy's Vietnamese slug.
        page.slug = slug
        page.set_url_path(page.get_parent())
        Page.objects.filter(pk=page.pk).update(slug=slug, url_path=page.url_path)
    for field, value in fields.items():
        setattr(page, field, value)
    page.draft_title = page.title
    page.save_revision().publish()
    return page


def _feature(home: HomePage, index_vi: GuidanceIndexPage) -> None:
    """Feature the demo guidance on ``home`` once, in the home page's language."""
    if home.featured_guidance.exists():
        return
    # Translations were added under this home through other instances: reload it so
    # saving it does not write back a stale child count.
    home = HomePage.objects.get(pk=home.pk)
    pages = []
    for slug in demo_content.FEATURED:
        source = GuidancePage.objects.child_of(index_vi).filter(slug=slug).first()
        page = source and source.get_translation_or_none(home.locale)
        if page is not None:
            pages.append(HomePageFeaturedGuidance(page=page.specific))
    if pages:
        home.featured_guidance = pages
        home.save_revision().publish()
