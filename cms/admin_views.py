"""Staff screen: the staleness report (Reports → Content to review)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail.admin.admin_url_finder import AdminURLFinder

from .staleness import failing_links, review_after_months, stale_groups


def staleness_report(request: HttpRequest) -> HttpResponse:
    """Pages, rules, links and legal references due for review, and broken links."""
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    finder = AdminURLFinder(request.user)
    months = review_after_months()
    groups = [
        {
            "label": group.label,
            "rows": [{"object": row, "edit_url": finder.get_edit_url(row)} for row in group.rows],
        }
        for group in stale_groups(months)
    ]
    links = [{"object": link, "edit_url": finder.get_edit_url(link)} for link in failing_links()]
    return TemplateResponse(
        request,
        "cms/admin/staleness_report.html",
        {
            "header_title": _("Content to review"),
            "months": months,
            "groups": groups,
            "failing_links": links,
        },
    )
