"""Template tags of the public site: language switcher, navigation, breadcrumbs.

The menu, footer, home page and settings come from :mod:`cms.chrome`, read once per
content version, so the chrome of a page costs no query.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model
from django.urls import translate_url
from django.utils import translation

from wagtail.models import Page

from cms.chrome import site_chrome
from cms.content import ancestors_of, current_site, remember, translation_in, translations_of
from cms.models import SupportCenterSettings
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
        translation_page = translation_in(translations_of(page, request), language_code, request)
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


@register.simple_tag(takes_context=True)
def page_translations(context: template.Context) -> list[Page]:
    """The live translations of the current page, each with its ``language_code``."""
    page: Page | None = context.get("page")
    if not isinstance(page, Page):
        return []
    return translations_of(page, context.get("request"))


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> list[Page]:
    """Live pages under the home page of the current language ticked "Show in menus"."""
    return site_chrome(context.get("request")).get("menu", [])


@register.simple_tag(takes_context=True)
def footer_pages(context: template.Context) -> list[Page]:
    """Live standard pages under the home page that are not in the main menu (privacy, terms)."""
    return site_chrome(context.get("request")).get("footer", [])


@register.simple_tag(takes_context=True)
def support_center(context: template.Context) -> SupportCenterSettings | None:
    """The support center's settings for the request's site."""
    return site_chrome(context.get("request")).get("support_center")


@register.simple_tag(takes_context=True)
def home_url(context: template.Context) -> str:
    """URL of the home page in the current language, worked out once per content version,
    site and language (Wagtail's lookup reads the site root paths from the cache)."""
    request = context.get("request")
    home = site_chrome(request).get("home")
    if home is None:
        return "/"
    if request is None:
        return home.get_url() or "/"
    site = current_site(request)
    key = ("home_url", translation.get_language(), site.pk if site else None)
    return remember(request, key, lambda: home.get_url(request=request) or "/")


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context: template.Context) -> dict[str, Any]:
    """The trail from the home page to the current page (none on the home page itself)."""
    page: Page | None = context.get("page")
    request = context.get("request")
    ancestors: list[Page] = []
    if isinstance(page, Page) and page.depth > 2:
        ancestors = ancestors_of(page, request)
    return {"ancestors": ancestors, "page": page, "request": request}


@register.filter
def public_url(page: Page | None) -> str:
    """The page's absolute URL on PORTAL_BASE_URL (canonical and hreflang links)."""
    return page_public_url(page) if isinstance(page, Page) else ""


# --- Fragments kept per content version --------------------------------------------------------

# Parts a fragment's key may be made of; anything else makes the fragment render afresh.
_KEY_TYPES = (str, int, bool, type(None))


class KeepNode(template.Node):
    """``{% keep "name" part… [anonymous] %}…{% endkeep %}``: the rendered fragment, kept in
    this process for the current content version under its name, its parts, the language
    and the site (:func:`cms.content.remember`). Never kept in a preview (the previewed
    page is not the published one), never for a model that is not saved, and with
    ``anonymous`` only for a visitor who is not logged in (the fragment then holds nothing
    of a user, such as the log-out form's CSRF token). The parts must name everything the
    fragment depends on besides the published content, the language and the site.
    """

    def __init__(self, nodelist: template.NodeList, parts: list, anonymous: bool) -> None:
        self.nodelist = nodelist
        self.parts = parts
        self.anonymous = anonymous

    def render(self, context: template.Context) -> str:
        request = context.get("request")
        key = self.key(context, request)
        if key is None:
            return self.nodelist.render(context)
        return remember(request, key, lambda: self.nodelist.render(context))

    def key(self, context: template.Context, request: Any) -> tuple | None:
        if request is None or getattr(request, "is_preview", False):
            return None
        if self.anonymous and getattr(getattr(request, "user", None), "is_authenticated", True):
            return None
        site = current_site(request)
        key: list[Any] = ["fragment", translation.get_language(), site.pk if site else None]
        for part in self.parts:
            value = part.resolve(context)
            if isinstance(value, Model):
                if value.pk is None:
                    return None
                value = (value._meta.label, value.pk)
            elif not isinstance(value, _KEY_TYPES):
                return None
            key.append(value)
        return tuple(key)


@register.tag
def keep(parser: template.base.Parser, token: template.base.Token) -> KeepNode:
    bits = token.split_contents()[1:]
    anonymous = bool(bits) and bits[-1] == "anonymous"
    if anonymous:
        bits = bits[:-1]
    if not bits:
        raise template.TemplateSyntaxError("{% keep %} needs a name")
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    return KeepNode(nodelist, [parser.compile_filter(bit) for bit in bits], anonymous)
