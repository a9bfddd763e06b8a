"""The center's staff manage advisors in the admin; the results page shows the advisor the
code to hand over."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from assessment.claimcodes import code_of, live_code, was_claimed
from assessment.models import Advisor, Assessment
from cms.siteurl import absolute_url


class AdvisorViewSet(SnippetViewSet):
    """Advisors: the account, the team, the wards and communes covered, active or not.
    The "Trung tâm hỗ trợ doanh nghiệp" group has the permissions (assessment/0011)."""

    model = Advisor
    icon = "group"
    menu_label = gettext_lazy("Advisors")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["user", "team", "active"]
    list_filter = ["active"]
    panels = [
        FieldPanel("user"),
        FieldPanel("team"),
        FieldPanel("units", widget=forms.CheckboxSelectMultiple),
        FieldPanel("active"),
    ]

    def get_queryset(self, request):
        return Advisor.objects.select_related("user")


register_snippet(AdvisorViewSet)


@hooks.register("assessment_results_panels", order=15)
def claim_code_panel(request: HttpRequest, assessment: Assessment) -> str:
    """For the advisor who made it: the code to hand to the organisation."""
    user = request.user
    if not (user.is_authenticated and assessment.assisted_by_id == user.pk):
        return ""
    claim = live_code(assessment)
    return render_to_string(
        "advisors/claim_code_panel.html",
        {
            "assessment": assessment,
            "claim": claim,
            "claimed": was_claimed(assessment),
            "code": code_of(claim),
            "claim_url": absolute_url(reverse("claim:form")),
        },
        request=request,
    )
