"""Create the demo content of the cms: used by ``manage.py seed_demo``.

The content itself is in ``cms/data/demo/*.yaml``, read by :mod:`cms.demo_data`.

Pages are created only when missing and never overwritten, so a rerun changes
nothing and editors' later changes to the demo pages are kept.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from wagtail.models import Locale, Page, Site

from cms.demo_data import DemoContent, load_demo_content
from cms.editorial import ensure_editorial_setup
from cms.models import (
    GuidanceAudience,
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    HomePageFeaturedGuidance,
    StandardPage,
    SupportCenterSettings,
    Topic,
)
from cms.provenance import ExternalLink, LegalReference
from cms.siteurl import sync_default_site


def seed_site() -> None:
    """The demo site: both languages' home pages, the default Site, and its content."""
    content = load_demo_content()
    vi = Locale.objects.get_or_create(language_code="vi")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    home_vi = _home_page(vi, content.home)
    home_en = _home_translation(home_vi, en, content.home)
    seed_site_content(home_vi, home_en, en, content)


def seed_site_content(
    home_vi: HomePage, home_en: HomePage, en: Locale, content: DemoContent | None = None
) -> None:
    """Topics, settings, guidance, standard pages, featured guidance and editorial setup."""
    content = content or load_demo_content()
    site = Site.objects.get(is_default_site=True)
    SupportCenterSettings.objects.get_or_create(site=site, defaults=content.support_center)
    topics = {}
    for order, data in enumerate(content.topics):
        topics[data["slug"]] = Topic.objects.get_or_create(
            slug=data["slug"], defaults={**data, "sort_order": order}
        )[0]
    kinds = {kind.key: kind for kind in GuidanceAudience.objects.all()}
    seed_sources(content.sources)

    index_vi = _child(
        home_vi,
        GuidanceIndexPage,
        show_in_menus=True,
        **content.guidance_index["vi"],
    )
    index_en = _translation(index_vi, en, content.guidance_index["en"])
    for data in content.guidance:
        page = _child(
            index_vi,
            GuidancePage,
            slug=data["slug"],
            title=data["title"],
            summary=data["summary"],
            body=_with_sources(data["body"]),
            reviewed_on=data.get("reviewed_on"),
            reviewed_by=data.get("reviewed_by", ""),
            m2m={
                "topics": [topics[slug] for slug in data["topics"]],
                "organisation_kinds": [kinds[key] for key in data["kinds"]],
            },
        )
        if "en" in data:
            _translation(page, en, {**data["en"], "body": _with_sources(data["en"]["body"])})
    for data in content.standard_pages:
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
        _feature(home, index_vi, content.featured)
    ensure_editorial_setup([index_vi, index_en], [home_vi, home_en])


def seed_sources(sources: dict[str, Any]) -> None:
    """The external links and legal references the demo content cites, when missing.

    Records the review could not verify get no review date, so the staleness report
    lists them for staff to confirm.
    """
    for data in sources["links"]:
        fields = _reviewed(sources, data, key="url")
        ExternalLink.objects.get_or_create(url=data["url"], defaults=fields)
    for data in sources["legal_references"]:
        fields = _reviewed(sources, data, key="number")
        LegalReference.objects.get_or_create(number=data["number"], defaults=fields)


def _reviewed(sources: dict[str, Any], data: dict[str, Any], key: str) -> dict[str, Any]:
    """The record's fields with its review: the file's date and reviewer unless the record
    names its own; none at all for a record marked ``unverified``."""
    fields = {k: v for k, v in data.items() if k not in (key, "unverified")}
    if data.get("unverified"):
        fields.pop("reviewed_on", None)
        fields.pop("reviewed_by", None)
        return fields
    return {"reviewed_on": sources["reviewed_on"], "reviewed_by": sources["reviewed_by"], **fields}


def _with_sources(body: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``body`` with the fact blocks' links (by URL) and legal references (by number)
    turned into the ids of their records, as StreamField stores chooser values."""
    links = dict(ExternalLink.objects.values_list("url", "pk"))
    laws = dict(LegalReference.objects.values_list("number", "pk"))
    resolved = []
    for block in body:
        value = block["value"]
        if block["type"] == "where" and value.get("link"):
            value = {**value, "link": links[value["link"]]}
        elif block["type"] == "legal_basis":
            value = {**value, "references": [laws[n] for n in value.get("references", [])]}
        resolved.append({**block, "value": value})
    return resolved


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


def _feature(home: HomePage, index_vi: GuidanceIndexPage, slugs: list[str]) -> None:
    """Feature the guidance ``slugs`` on ``home`` once, in the home page's language."""
    if home.featured_guidance.exists():
        return
    # Translations were added under this home through other instances: reload it so
    # saving it does not write back a stale child count.
    home = HomePage.objects.get(pk=home.pk)
    pages = []
    for slug in slugs:
        source = GuidancePage.objects.child_of(index_vi).filter(slug=slug).first()
        page = source and source.get_translation_or_none(home.locale)
        if page is not None:
            pages.append(HomePageFeaturedGuidance(page=page.specific))
    if pages:
        home.featured_guidance = pages
        home.save_revision().publish()


def _home_page(locale: Locale, content: dict[str, dict[str, str]]) -> HomePage:
    home = HomePage.objects.filter(locale=locale).first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(locale=locale, slug="home", **content["vi"]))
    _apply(home, content[locale.language_code])
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
    sync_default_site()
    return home


def _home_translation(
    source: HomePage, locale: Locale, content: dict[str, dict[str, str]]
) -> HomePage:
    home = source.get_translation_or_none(locale)
    if home is None:
        home = source.copy_for_translation(locale)
    home = home.specific
    _apply(home, content[locale.language_code])
    return home


def _apply(page: HomePage, content: dict[str, str]) -> None:
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
