"""The support offers to show next to a plan's actions: valid today, for this organisation."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from assessment.snapshot import OrganisationView
from cms import content

from .models import SupportOffer


def all_offers() -> dict[int, SupportOffer]:
    """Every offer by id, in the offers' order, read once per content version in this
    process (saving or deleting an offer bumps the version: ``recommendations.receivers``).
    Shared by the requests of the process: read them, never change them."""
    return content.remember(
        None, ("support-offers",), lambda: {offer.pk: offer for offer in SupportOffer.objects.all()}
    )


def offers_for(
    offer_ids: Iterable[int], organisation: OrganisationView, day: datetime.date
) -> dict[int, SupportOffer]:
    """Offer id → offer, for the offers among ``offer_ids`` that are valid on ``day`` and
    whose conditions hold for ``organisation``. Expired offers are never returned."""
    ids = set(offer_ids)
    if not ids:
        return {}
    return {
        offer.pk: offer
        for offer in all_offers().values()
        if offer.pk in ids
        and offer.is_valid_on(day)
        and offer.is_for(organisation.kind, organisation.sector, organisation.size_band)
    }


def offers_matching(organisation: OrganisationView, day: datetime.date) -> list[SupportOffer]:
    """Every offer valid on ``day`` whose conditions hold for ``organisation`` (the same
    matching as :func:`offers_for`, over all offers): what the support inbox suggests."""
    return [
        offer
        for offer in all_offers().values()
        if offer.is_valid_on(day)
        and offer.is_for(organisation.kind, organisation.sector, organisation.size_band)
    ]
