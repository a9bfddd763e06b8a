"""Admin registration of the cms app: topics, external links and legal references as
snippets, the staleness report and its admin-home panel."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import staleness_report
from .digest import DigestPreference
from .forms import TopicForm
from .models import Topic
from .provenance import ExternalLink, LegalReference
from .staleness import failing_links, review_after_months, stale_groups


class TopicViewSet(SnippetViewSet):
    """Editors maintain the topics guidance is filed under."""

    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "name_en", "dimension_key", "slug"]
    list_filter = ["dimension_key"]
    search_fields = ["name", "name_en"]
    edit_handler = ObjectList(Topic.panels, base_form_class=TopicForm)


register_snippet(TopicViewSet)


class ExternalLinkViewSet(SnippetViewSet):
    """Every outside address the content sends people to, with its last check."""

    model = ExternalLink
    icon = "link-external"
    list_display = [
        "title",
        "url",
        "status",
        "owner",
        "reviewed_on",
        "last_status",
        "last_checked_at",
    ]
    list_filter = ["status", "last_status"]
    search_fields = ["title", "title_en", "url"]


class LegalReferenceViewSet(SnippetViewSet):
    """Laws, decrees and circulars the content cites: a change of law is one edit here."""

    model = LegalReference
    icon = "doc-full"
    list_display = ["number", "title", "in_force_from", "reviewed_on"]
    search_fields = ["number", "title", "title_en"]


class SourcesViewSetGroup(SnippetViewSetGroup):
    items = (ExternalLinkViewSet, LegalReferenceViewSet)
    menu_icon = "link-external"
    menu_label = _("Sources")
    menu_name = "sources"
    menu_order = 260


register_snippet(SourcesViewSetGroup)


@hooks.register("register_admin_urls")
def register_staleness_report_url() -> list[Any]:
    return [path("reports/content-to-review/", staleness_report, name="cms_staleness_report")]


@hooks.register("register_reports_menu_item")
def register_staleness_report_menu_item() -> MenuItem:
    return MenuItem(
        _("Content to review"),
        reverse("cms_staleness_report"),
        name="content-to-review",
        icon_name="date",
        order=650,
    )


class StalenessPanel(Component):
    """Admin home: how much content is due for review and how many links are broken."""

    name = "content_to_review"
    template_name = "cms/admin/staleness_panel.html"
    order = 150

    def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        months = review_after_months()
        return {
            "months": months,
            "stale": [(group.label, group.rows.count()) for group in stale_groups(months)],
            "failing": failing_links().count(),
            "report_url": reverse("cms_staleness_report"),
        }


@hooks.register("construct_homepage_panels")
def add_staleness_panel(request: HttpRequest, panels: list[Component]) -> None:
    panels.append(StalenessPanel())


@hooks.register("insert_global_admin_css")
def admin_touch_targets() -> str:
    """Bring the few admin controls smaller than WCAG 2.2's 24 px target up to size."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


class ReviewDigestForm(forms.ModelForm):
    class Meta:
        model = DigestPreference
        fields = ["review_digest"]


class ReviewDigestSettingsPanel(BaseSettingsPanel):
    """Account → Notifications: staff can turn the weekly review e-mail off (cms.digest)."""

    name = "review_digest"
    title = _("Weekly review e-mail")
    tab = notifications_tab
    order = 600
    form_class = ReviewDigestForm

    def get_form(self) -> forms.ModelForm:
        preference = DigestPreference.objects.filter(user=self.user).first()
        preference = preference or DigestPreference(user=self.user)
        kwargs = {"instance": preference, "prefix": self.name}
        if self.request.method == "POST":
            return self.form_class(self.request.POST, **kwargs)
        return self.form_class(**kwargs)


@hooks.register("register_account_settings_panel")
def register_review_digest_panel(request, user, profile) -> ReviewDigestSettingsPanel:
    return ReviewDigestSettingsPanel(request, user, profile)
