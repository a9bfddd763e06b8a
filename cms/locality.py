"""The local government the portal serves: its kind and name are data, not words in code.

Cần Thơ is a centrally governed city ("thành phố"), most others are provinces ("tỉnh").
The kind and name are fields of the support-center settings; templates get a
:class:`Locality` as ``locality`` (``cms.context_processors.locality``) and Python code
calls :func:`site_locality`, so no template, catalogue or data file has to say
"tỉnh" or "thành phố" for a place it does not know.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import pgettext

from wagtail.models import Site

from .chrome import site_chrome
from .content import remember
from .i18n import in_english
from .models import SupportCenterSettings
from .vocabulary import DEFAULT_LOCALITY_KIND, DEFAULT_LOCALITY_NAME, LocalityKind


@dataclass(frozen=True)
class Locality:
    """A locality's kind and name, with the phrases built from them in the active language."""

    kind: str = DEFAULT_LOCALITY_KIND
    name: str = DEFAULT_LOCALITY_NAME

    @property
    def kind_word(self) -> str:
        """The common noun: "thành phố" / "city", "tỉnh" / "province"."""
        if self.kind == LocalityKind.PROVINCE:
            return pgettext("locality word", "province")
        return pgettext("locality word", "city")

    @property
    def full_name(self) -> str:
        """ "thành phố Cần Thơ" in Vietnamese, "Cần Thơ City" in English."""
        if in_english():
            return f"{self.name} {self.kind_word.capitalize()}"
        return f"{self.kind_word} {self.name}"

    @property
    def whole(self) -> str:
        """ "toàn thành phố" / "the whole city": the area statistics are drawn from."""
        return pgettext("locality", "the whole {kind}").format(kind=self.kind_word)

    def __str__(self) -> str:
        return self.full_name


#: What data files write where they mean the local government: "Liên minh Hợp tác xã
#: {locality_word}" reads "… thành phố" in Cần Thơ and "… tỉnh" in a province.
LOCALITY_WORD = "{locality_word}"
LOCALITY_NAME = "{locality}"


def fill_locality_words(texts: dict[str, str], locality: Locality) -> dict[str, str]:
    """``texts`` by language with the locality placeholders filled in, in each language."""
    filled = {}
    for language, text in texts.items():
        if not isinstance(text, str):
            filled[language] = text
            continue
        with translation.override(language):
            filled[language] = text.replace(LOCALITY_WORD, locality.kind_word).replace(
                LOCALITY_NAME, locality.full_name
            )
    return filled


def locality_of(settings: SupportCenterSettings | None) -> Locality:
    """The locality a ``SupportCenterSettings`` row describes (the default without one)."""
    kind = getattr(settings, "locality_kind", "") or DEFAULT_LOCALITY_KIND
    name = getattr(settings, "locality_name", "") or DEFAULT_LOCALITY_NAME
    return Locality(kind=kind, name=name)


def site_locality(request: HttpRequest | None = None) -> Locality:
    """The locality of the request's site, or of the default site outside a request (kept
    per content version, which any change to the sites or their settings moves)."""
    if request is not None:
        # The settings row the page chrome already holds (cached per content version).
        return locality_of(site_chrome(request).get("support_center"))
    return remember(None, "default-site-locality", _default_site_locality)


def _default_site_locality() -> Locality:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Locality()
    return locality_of(SupportCenterSettings.for_site(site))
