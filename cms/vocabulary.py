"""Stable keys that every app shares, defined once at the bottom of the house.

The organisation kinds are fixed by the domain (enterprise, co-operative, co-operative
group, household business); guidance pages, questions and rules are aimed at them.
Dimensions are *not* here: they are data of the versioned questionnaire.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    COOPERATIVE = "cooperative", _("Co-operative")
    COOP_GROUP = "coop_group", _("Co-operative group")
    HOUSEHOLD = "household", _("Household business")


COOPERATIVE_KINDS = frozenset({OrganisationKind.COOPERATIVE, OrganisationKind.COOP_GROUP})


class LocalityKind(models.TextChoices):
    """Kinds of first-level local government: a centrally governed city (thành phố trực
    thuộc trung ương, such as Cần Thơ) or a province (tỉnh)."""

    CITY = "city", pgettext_lazy("locality kind", "centrally governed city")
    PROVINCE = "province", pgettext_lazy("locality kind", "province")


#: The demo's locality (Cần Thơ since the 2025 merger): the support-center settings' defaults.
DEFAULT_LOCALITY_KIND = LocalityKind.CITY
DEFAULT_LOCALITY_NAME = "Cần Thơ"
