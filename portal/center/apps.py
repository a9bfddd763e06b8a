from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CenterConfig(AppConfig):
    """The business support center's statistics, exports and open data (top floor, with portal)."""

    name = "portal.center"
    label = "center"
    verbose_name = _("Support center statistics")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the plan → action-fact receiver)
