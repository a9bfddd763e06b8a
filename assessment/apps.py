from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("Self-assessment")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
