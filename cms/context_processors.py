"""Template context of the public site."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .locality import Locality, site_locality


def locality(request: HttpRequest) -> dict[str, Locality]:
    """``locality``: the kind and name of the local government, from the site settings.

    Lazy, so a page that never mentions the locality costs no settings query; pages that
    do share the settings row the footer already loaded for the request.
    """
    return {"locality": SimpleLazyObject(lambda: site_locality(request))}
