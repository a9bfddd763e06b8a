"""The action-plan PDF: plain data in (:mod:`.document`, :mod:`.labels`), PDF bytes out
(:mod:`.render`)."""

from __future__ import annotations

from .document import (
    DimensionRow,
    Link,
    Offer,
    PlanAction,
    PlanDocument,
    SupportContact,
)
from .labels import Labels
from .render import render_plan_pdf

__all__ = [
    "DimensionRow",
    "Labels",
    "Link",
    "Offer",
    "PlanAction",
    "PlanDocument",
    "SupportContact",
    "render_plan_pdf",
]
