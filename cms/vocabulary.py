"""Stable keys that every app shares, defined once at the bottom of the house.

The organisation kinds are fixed by the domain (enterprise, co-operative, co-operative
group, household business); guidance pages, questions and rules are aimed at them.
Dimensions are *not* here: they are data of the versioned questionnaire.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    COOPERATIVE = "cooperative", _("Co-operative")
    COOP_GROUP = "coop_group", _("Co-operative group")
    HOUSEHOLD = "household", _("Household business")


COOPERATIVE_KINDS = frozenset({OrganisationKind.COOPERATIVE, OrganisationKind.COOP_GROUP})
