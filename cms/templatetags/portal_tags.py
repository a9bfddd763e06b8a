from __future__ import annotations

from django import template

from wagtail.models import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context: template.Context, language_code: str) -> str:
    """URL of the current page in ``language_code``; that language's home when there is none."""
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
