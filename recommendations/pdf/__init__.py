"""The action-plan PDF: plain data in (:mod:`.document`), PDF bytes out (:mod:`.render`)."""

from __future__ import annotations

from .document import (
    DimensionRow,
    Link,
    PlanAction,
    PlanDocument,
    SupportContact,
)
from .render import render_plan_pdf

__all__ = [
    "DimensionRow",
    "Link",
    "PlanAction",
    "PlanDocument",
    "SupportContact",
    "render_plan_pdf",
]
