"""The center in the Wagtail admin: the statistics' URLs and a menu item only its staff see,
the support inbox, the public holidays the inbox skips, and the center's permissions in the
group editor (Settings → Groups) so an administrator can give them to any group."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import urls
from .inbox_views import SupportInboxViewSet
from .models import PublicHoliday
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


@hooks.register("register_permissions")
def center_permissions():
    """The statistics, export and inbox permissions, listed in the group editor."""
    return Permission.objects.filter(
        content_type__app_label="center", content_type__model="recommendedaction"
    )


class PublicHolidayViewSet(SnippetViewSet):
    model = PublicHoliday
    icon = "date"
    menu_label = _("Public holidays")
    menu_order = 240
    add_to_admin_menu = True
    list_display = ["date", "name"]
    ordering = ["-date"]


register_snippet(PublicHolidayViewSet)
