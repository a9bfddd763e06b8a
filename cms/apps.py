from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site content")

    def ready(self) -> None:
        from .chrome import connect_signals
        from .siteurl import sync_default_site  # needs the app registry, ready only now

        connect_signals()

        # Every deployment runs migrate (compose's `migrate` service, `make run`), so the
        # Wagtail site follows PORTAL_BASE_URL without a manual step.
        post_migrate.connect(
            lambda **kwargs: sync_default_site(),
            sender=self,
            weak=False,
            dispatch_uid="cms.sync_default_site",
        )
