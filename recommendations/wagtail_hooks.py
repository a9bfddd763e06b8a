"""Staff screens: recommendation rules (with page chooser and links) and the plans produced."""

from __future__ import annotations

import html

from django import forms
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from assessment.models import ActionProgress, Assessment, Sector, SizeBand
from assessment.snapshot import Snapshot
from cms.guidance import guidance_links
from cms.i18n import active_language
from cms.vocabulary import OrganisationKind

from .labels import plan_labels
from .models import ActionPlan, RecommendationRule, SupportOffer
from .offers import offers_for
from .pdf import PlanAction
from .pdf.sections import cost_text, duration_text
from .plans import latest_plan, plan_actions


class RuleForm(WagtailAdminModelForm):
    org_kinds = forms.MultipleChoiceField(
        label=_("Only for these kinds of organisation"),
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sector_keys = forms.MultipleChoiceField(
        label=_("Only for these sectors"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector_keys"].choices = [(s.key, str(s)) for s in Sector.objects.all()]

    def clean(self):
        data = super().clean()
        low, high = data.get("score_min"), data.get("score_max")
        if low is not None and high is not None and low >= high:
            self.add_error("score_max", _("The upper bound must be above the lower bound."))
        return data


def yes_no(field: str):
    """A listing cell's text for a yes/no field, in the admin's language."""
    return lambda obj: _("yes") if getattr(obj, field) else _("no")


class RuleViewSet(SnippetViewSet):
    model = RecommendationRule
    icon = "pick"
    menu_label = _("Recommendation rules")
    list_display = [
        "key",
        "title",
        "dimension_key",
        "horizon",
        # "có"/"không", not "True"/"False" (Wagtail's tick icons are titled in English).
        Column(
            "quick_win",
            label=capfirst(_("quick win")),
            accessor=yes_no("quick_win"),
            sort_key="quick_win",
        ),
        Column("active", label=capfirst(_("active")), accessor=yes_no("active"), sort_key="active"),
        "guidance_check",
    ]
    list_filter = ["dimension_key", "horizon", "quick_win", "active"]
    search_fields = ["key", "title_vi", "title_en"]

    def get_queryset(self, request):
        return RecommendationRule.objects.prefetch_related("guidance_pages__page")

    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("key"), FieldPanel("dimension_key"), FieldPanel("active")]),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("score_min"), FieldPanel("score_max")]),
                    InlinePanel("choice_conditions", heading=_("Answer conditions")),
                    FieldPanel("org_kinds"),
                    FieldPanel("sector_keys"),
                ],
                heading=_("When (all given conditions must hold)"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("title_vi"),
                    FieldPanel("title_en"),
                    FieldPanel("explanation_vi"),
                    FieldPanel("explanation_en"),
                    FieldRowPanel(
                        [
                            FieldPanel("priority"),
                            FieldPanel("horizon"),
                            FieldPanel("effort"),
                            FieldPanel("cost"),
                            FieldPanel("quick_win"),
                        ]
                    ),
                    FieldRowPanel(
                        [
                            FieldPanel("cost_min_vnd"),
                            FieldPanel("cost_max_vnd"),
                            FieldPanel("cost_confirmed"),
                        ]
                    ),
                    FieldRowPanel([FieldPanel("duration_vi"), FieldPanel("duration_en")]),
                    FieldPanel("duration_confirmed"),
                    FieldPanel("support_offers", widget=forms.CheckboxSelectMultiple),
                ],
                heading=_("Recommend"),
            ),
            InlinePanel("guidance_pages", heading=_("Guidance pages")),
            InlinePanel("links", heading=_("Online public services and platforms")),
            *RecommendationRule.review_panels,
            FieldPanel("review_note"),
        ],
        base_form_class=RuleForm,
    )


class SupportOfferForm(WagtailAdminModelForm):
    org_kinds = forms.MultipleChoiceField(
        label=_("Only for these kinds of organisation"),
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sector_keys = forms.MultipleChoiceField(
        label=_("Only for these sectors"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    size_bands = forms.MultipleChoiceField(
        label=_("Only for these sizes"),
        choices=SizeBand.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector_keys"].choices = [(s.key, str(s)) for s in Sector.objects.all()]

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The offer cannot end before it starts."))
        return data


class SupportOfferViewSet(SnippetViewSet):
    model = SupportOffer
    icon = "help"
    menu_label = _("Support offers")
    list_display = ["__str__", "provider", "valid_until", "to_be_confirmed"]
    list_filter = ["provider", "to_be_confirmed"]
    search_fields = ["name_vi", "name_en", "key"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("key"), FieldPanel("provider")]),
            FieldPanel("name_vi"),
            FieldPanel("name_en"),
            FieldPanel("description_vi"),
            FieldPanel("description_en"),
            MultiFieldPanel(
                [FieldPanel("org_kinds"), FieldPanel("sector_keys"), FieldPanel("size_bands")],
                heading=_("For whom (all given conditions must hold)"),
            ),
            FieldPanel("contact"),
            FieldPanel("url"),
            FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
            FieldPanel("to_be_confirmed"),
        ],
        base_form_class=SupportOfferForm,
    )


class ActionPlanViewSet(SnippetViewSet):
    model = ActionPlan
    icon = "doc-full-inverse"
    menu_label = _("Action plans")
    list_display = ["__str__", "status", "language", "attempts", "created_at", "finished_at"]
    list_filter = ["status", "language"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return ActionPlan.objects.select_related("assessment", "assessment__organisation")


class RecommendationsGroup(SnippetViewSetGroup):
    menu_label = _("Action plans")
    menu_icon = "pick"
    menu_order = 260
    items = (RuleViewSet, SupportOfferViewSet, ActionPlanViewSet)


register_snippet(RecommendationsGroup)


def _esc(value: object) -> str:
    """Django's ``escape`` (the same five characters) without its lazy-text wrapper."""
    return html.escape(str(value))


def _offer_item(offer: SupportOffer, words: dict[str, str]) -> str:
    name = _esc(offer)
    if offer.url:
        name = f'<a href="{_esc(offer.url)}" rel="noopener">{name}</a>'
    parts = [f'<li>{name} <span class="muted">({_esc(offer.get_provider_display())}']
    if offer.to_be_confirmed:
        parts.append(f"; {words['confirm']}")
    parts.append(")</span>")
    if offer.contact:
        parts.append(f"<br>{_esc(offer.contact)}")
    parts.append("</li>")
    return "".join(parts)


def _action_item(action: dict, words: dict[str, str], offer_items: dict[int, str]) -> str:
    """One action of the plan's full list, as ``<li>`` (escaped here)."""
    parts = [f"\n    <li><p><strong>{_esc(action['title'])}</strong>"]
    if action["quick_win"]:
        parts.append(f' <span class="tag">{words["quick_win"]}</span>')
    parts.append(
        f'</p>\n      <p class="muted">{_esc(action["horizon_label"])} · '
        f"{words['cost']}: {_esc(action['cost'])}"
    )
    if action["duration"]:
        parts.append(f" · {words['duration']}: {_esc(action['duration'])}")
    parts.append(f"</p>\n      <p>{_esc(action['explanation'])}</p>\n      ")
    guidance = action["guidance"]
    if guidance:
        parts.append(
            f'<p>{words["guidance"]}: <a href="{_esc(guidance.url)}">{_esc(guidance.title)}</a>'
        )
        if guidance.other_language:
            parts.append(f' <span class="muted">({words["vietnamese_only"]})</span>')
        parts.append("</p>")
    parts.append("\n      ")
    if action["offers"]:
        parts.append(f"<p>{words['who']}:</p><ul>")
        for offer in action["offers"]:
            item = offer_items.get(id(offer))
            if item is None:
                item = offer_items[id(offer)] = _offer_item(offer, words)
            parts.append(item)
        parts.append("</ul>")
    parts.append("\n      ")
    if action["links"]:
        parts.append("<ul>")
        for link in action["links"]:
            parts.append(
                f'<li><a href="{_esc(link["url"])}" rel="noopener">{_esc(link["title"])}</a></li>'
            )
        parts.append("</ul>")
    parts.append("\n    </li>\n    ")
    return "".join(parts)


def action_items_html(actions: list[dict]) -> SafeString:
    """The plan's full list of actions, as the results panel shows it: written here because
    a dozen actions with their offers and links were most of the panel's time (#16); the
    markup is what the template loop it replaces wrote (tests/recommendations/
    test_results_panel_html.py keeps the two identical)."""
    words = {
        key: _esc(gettext(text))
        for key, text in {
            "quick_win": "Quick win",
            "cost": "Indicative cost",
            "duration": "Usual time",
            "guidance": "Guidance",
            "vietnamese_only": "in Vietnamese only for now",
            "who": "Who can help",
            "confirm": "details to be confirmed by the support center",
        }.items()
    }
    offer_items: dict[int, str] = {}  # an offer helps with several actions: written once
    items = "".join(_action_item(action, words, offer_items) for action in actions)
    return mark_safe(items)  # noqa: S308 (escaped above)


@hooks.register("assessment_results_panels", order=10)
def plan_panel(request: HttpRequest, assessment: Assessment) -> str:
    """The plan's status, download and actions on the results page."""
    plan = latest_plan(assessment)
    chosen = plan_actions(plan) if plan else []
    language = active_language()
    pages = guidance_links([i for a in chosen for i in a.guidance_page_ids], language)
    offers = offers_for(
        [i for a in chosen for i in a.support_offer_ids],
        Snapshot.of(assessment).organisation,
        timezone.localdate(),
    )
    labels = plan_labels(language)
    actions = [
        {
            "title": action.title(),
            "explanation": action.explanation(),
            "horizon": action.horizon,
            "horizon_label": labels.horizons.get(action.horizon, ""),
            "quick_win": action.quick_win,
            "links": [{"title": link.title(), "url": link.url} for link in action.links],
            "guidance": next((pages[i] for i in action.guidance_page_ids if i in pages), None),
            "cost": cost_text(
                PlanAction(
                    title="",
                    explanation="",
                    dimension_name="",
                    horizon=action.horizon,
                    effort=action.effort,
                    cost=action.cost,
                    quick_win=action.quick_win,
                    priority=action.priority,
                    cost_min_vnd=action.cost_min_vnd,
                    cost_max_vnd=action.cost_max_vnd,
                    cost_confirmed=action.cost_confirmed,
                ),
                labels,
            ),
            "duration": duration_text(action.duration(language), action.duration_confirmed, labels),
            "offers": [offers[i] for i in action.support_offer_ids if i in offers],
        }
        for action in chosen
    ]
    # The first screen shows the first three, with who does them by when once a manager
    # has said so (the plan's one order: these are the first three everywhere).
    progress = (
        {
            p.rule_key: p
            for p in ActionProgress.objects.filter(organisation_id=assessment.organisation_id)
        }
        if assessment.is_claimed
        else {}
    )
    top_actions = []
    for action, item in zip(chosen[:3], actions[:3], strict=False):
        mine = progress.get(action.rule)
        top_actions.append(
            {**item, "owner": mine.owner if mine else "", "due_on": mine.due_on if mine else None}
        )
    return render_to_string(
        "recommendations/results_panel.html",
        {
            "assessment": assessment,
            "plan": plan,
            "actions": actions,
            "actions_html": action_items_html(actions),
            "top_actions": top_actions,
        },
        request=request,
    )
