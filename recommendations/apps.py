from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Recommendations and action plans")

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects the signal receivers
