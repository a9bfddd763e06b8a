from __future__ import annotations

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path, register_converter
from django.views.i18n import set_language

from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from cms.ratelimits import rate_limited
from cms.sitemaps import PortalSitemap

from . import views
from .converters import TokenConverter

register_converter(TokenConverter, "token")

# Django's own admin is deliberately not mounted: staff work in the Wagtail admin.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PortalSitemap}}, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page lives under /vi/ or /en/; "/" redirects by the browser's language.
urlpatterns += i18n_patterns(
    path("assessment/", include("assessment.urls")),
    path("assessment/", include("recommendations.urls")),
    path("accounts/", include("portal.accounts.urls")),
    path("dashboard/", include("portal.workspace.urls")),
    path("advisor/", include("portal.advisors.urls")),
    path("claim/", include("portal.advisors.claim_urls")),
    path("search/", cms_views.search, name="search"),
    path("open-data/", include("portal.center.opendata_urls")),
    # Wagtail's page-password form, with a limit on guesses (its own view, same name).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        rate_limited("page-password")(wagtail_views.authenticate_with_password),
        name="wagtailcore_authenticate_with_password",
    ),
    # Wagtail's page view, routed in one query; Wagtail's own utility URLs (_util/: the
    # log-in and password forms of restricted pages) stay with Wagtail.
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", cms_views.serve, name="portal_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
