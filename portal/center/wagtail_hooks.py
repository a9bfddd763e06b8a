"""The center's statistics in the Wagtail admin: its URLs and a menu item only its staff see."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls
from .inbox_views import SupportInboxViewSet
from .views import VIEW_PERMISSION


@hooks.register("register_admin_urls")
def center_urls():
    return [path("center/", include(urls, namespace="center"))]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(VIEW_PERMISSION)


@hooks.register("register_admin_menu_item")
def statistics_menu_item():
    return StatisticsMenuItem(
        _("Statistics"), reverse("center:statistics"), icon_name="table", order=230
    )


@hooks.register("register_admin_viewset")
def register_support_inbox():
    return SupportInboxViewSet()
