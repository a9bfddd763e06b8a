"""The portal's two languages, and picking the right text of bilingual data.

Vietnamese is the first language and the fallback for every missing English text.
Three shapes of bilingual data exist and each has one helper here:
``{"vi": …, "en": …}`` mappings (frozen snapshots and plans) → :func:`in_language`;
``<field>_vi`` / ``<field>_en`` model fields → :func:`localized`.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils import translation

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


def normalise_language(code: str | None) -> str:
    """``code`` as one of the portal's languages ("en-gb" → "en"; unknown → "vi")."""
    language = (code or DEFAULT_LANGUAGE).split("-")[0].lower()
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def active_language() -> str:
    """The active language as "vi" or "en"."""
    return normalise_language(translation.get_language())


def in_english() -> bool:
    return active_language() == "en"


def in_language(texts: Mapping[str, str] | None, language: str | None = None) -> str:
    """The ``language`` entry (default: the active one) of a ``{"vi", "en"}`` mapping,
    the Vietnamese one when it is missing or empty."""
    if not texts:
        return ""
    language = normalise_language(language) if language else active_language()
    return texts.get(language) or texts.get(DEFAULT_LANGUAGE, "")


def localized(obj: object, field: str, language: str | None = None) -> str:
    """The ``<field>_vi`` / ``<field>_en`` value of ``obj`` in ``language`` (default: active)."""
    language = normalise_language(language) if language else active_language()
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_vi", "")
