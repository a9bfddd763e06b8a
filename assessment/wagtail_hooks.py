"""Staff screens for the questionnaire, reference lists and assessments in the Wagtail admin."""

from __future__ import annotations

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Q
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.content import content_version
from cms.vocabulary import OrganisationKind

from .admin_views import copy_draft, publish, versions
from .models import (
    SCALE_LEVELS,
    AdministrativeUnit,
    Assessment,
    Dimension,
    NextLevelText,
    Question,
    Questionnaire,
    QuestionType,
    Sector,
    split_scale_labels,
)
from .results import MIN_PEER_GROUP
from .scoring import display_score

FROZEN_MESSAGE = gettext_lazy(
    "This version is published or retired and cannot be changed. "
    "Use “Copy to new draft” on the questionnaire versions page."
)


class QuestionnaireForm(WagtailAdminModelForm):
    def clean(self):
        data = super().clean()
        if self.instance.pk and not self.instance.is_editable:
            raise ValidationError(FROZEN_MESSAGE)
        return data


class QuestionForm(WagtailAdminModelForm):
    org_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Only for these kinds of organisation"),
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("Leave all unticked to ask everyone."),
    )
    condition_choice_keys = forms.CharField(
        label=gettext_lazy("was answered with one of (choice keys, comma-separated)"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["condition_choice_keys"] = ", ".join(self.instance.condition_choice_keys or [])
        dimensions = Dimension.objects.select_related("questionnaire").order_by(
            "questionnaire__key", "-questionnaire__version", "sort_order"
        )
        if "dimension" in self.fields:
            editable = dimensions.filter(questionnaire__status=Questionnaire.Status.DRAFT)
            if self.instance.pk:
                editable = editable | dimensions.filter(pk=self.instance.dimension_id)
            self.fields["dimension"].queryset = editable
            self.fields["dimension"].label_from_instance = lambda d: (
                f"v{d.questionnaire.version} · {d.name}"
            )

    def clean_condition_choice_keys(self) -> list[str]:
        raw = self.cleaned_data.get("condition_choice_keys") or ""
        return [key.strip() for key in raw.split(",") if key.strip()]

    def clean(self):
        data = super().clean()
        dimension = data.get("dimension") or (
            self.instance.dimension if self.instance.dimension_id else None
        )
        if dimension is not None and not dimension.questionnaire.is_editable:
            raise ValidationError(FROZEN_MESSAGE)
        if self.instance.pk and not self.instance.dimension.questionnaire.is_editable:
            raise ValidationError(FROZEN_MESSAGE)
        for name in ("scale_labels_vi", "scale_labels_en"):
            text = data.get(name) or ""
            if not text.strip():
                continue
            if data.get("type") != QuestionType.SCALE:
                self.add_error(name, _("Only a 0–5 scale question has scale labels."))
            elif len(split_scale_labels(text)) != SCALE_LEVELS:
                self.add_error(
                    name,
                    _("Write exactly %(n)d labels, one per line (levels 0–5).")
                    % {"n": SCALE_LEVELS},
                )
        if bool(data.get("condition_question_key")) != bool(data.get("condition_choice_keys")):
            raise ValidationError(
                _("A condition needs both the earlier question's key and the choice keys.")
            )
        return data


class QuestionnaireViewSet(SnippetViewSet):
    model = Questionnaire
    icon = "list-ol"
    menu_label = gettext_lazy("Questionnaire versions")
    list_display = ["__str__", "version", "status", "published_at"]
    list_filter = ["status"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("title_vi"), FieldPanel("title_en")]),
            InlinePanel("levels", heading=gettext_lazy("Levels"), min_num=1),
            InlinePanel("dimensions", heading=gettext_lazy("Dimensions"), min_num=1),
        ],
        base_form_class=QuestionnaireForm,
    )


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = gettext_lazy("Questions")
    list_display = ["key", "text", "type", "dimension"]
    list_filter = ["type", "dimension__questionnaire", "dimension__key"]
    search_fields = ["key", "text_vi", "text_en"]
    edit_handler = ObjectList(
        [
            FieldPanel("dimension"),
            FieldRowPanel([FieldPanel("key"), FieldPanel("type"), FieldPanel("sort_order")]),
            FieldPanel("text_vi"),
            FieldPanel("text_en"),
            FieldPanel("help_vi"),
            FieldPanel("help_en"),
            FieldRowPanel([FieldPanel("error_vi"), FieldPanel("error_en")]),
            FieldRowPanel([FieldPanel("weight"), FieldPanel("required"), FieldPanel("allow_na")]),
            FieldPanel("org_kinds"),
            MultiFieldPanel(
                [FieldPanel("condition_question_key"), FieldPanel("condition_choice_keys")],
                heading=gettext_lazy("Ask only after a given answer"),
            ),
            MultiFieldPanel(
                [FieldPanel("scale_labels_vi"), FieldPanel("scale_labels_en")],
                heading=gettext_lazy("Labels of the 0–5 scale (scale questions only)"),
            ),
            InlinePanel("choices", heading=gettext_lazy("Choices (single and multiple choice)")),
        ],
        base_form_class=QuestionForm,
    )


class AdministrativeUnitViewSet(SnippetViewSet):
    model = AdministrativeUnit
    icon = "site"
    menu_label = gettext_lazy("Administrative units")
    list_display = ["name", "code", "province", "active"]
    list_filter = ["active", "province"]
    search_fields = ["name", "code"]


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "tag"
    menu_label = gettext_lazy("Sectors")
    list_display = ["name_vi", "name_en", "key"]


class NextLevelTextViewSet(SnippetViewSet):
    model = NextLevelText
    icon = "list-ol"
    menu_label = gettext_lazy("Level descriptions of dimensions")
    list_display = ["dimension_key", "level", "text_vi"]
    list_filter = ["dimension_key", "level"]
    search_fields = ["text_vi", "text_en"]


class AssessmentViewSet(SnippetViewSet):
    model = Assessment
    icon = "doc-full"
    menu_label = gettext_lazy("Assessments")
    list_display = ["__str__", "status", "overall_score", "level", "submitted_at"]
    list_filter = ["status", "questionnaire", "organisation__kind"]
    inspect_view_enabled = True
    add_to_admin_menu = False

    def get_queryset(self, request):
        return Assessment.objects.select_related("organisation", "questionnaire")


class AssessmentGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Self-assessment")
    menu_icon = "tasks"
    menu_order = 250
    items = (
        QuestionnaireViewSet,
        QuestionViewSet,
        AdministrativeUnitViewSet,
        SectorViewSet,
        NextLevelTextViewSet,
        AssessmentViewSet,
    )


register_snippet(AssessmentGroup)


@hooks.register("register_admin_urls")
def register_version_urls():
    return [
        path("questionnaire-versions/", versions, name="assessment_versions"),
        path("questionnaire-versions/<int:pk>/publish/", publish, name="assessment_publish"),
        path("questionnaire-versions/<int:pk>/copy/", copy_draft, name="assessment_copy"),
    ]


@hooks.register("register_admin_menu_item")
def register_versions_menu_item():
    return MenuItem(
        gettext_lazy("Publish questionnaire"),
        reverse("assessment_versions"),
        icon_name="upload",
        order=251,
    )


FIGURES_KEY = "portal:headline-figures"
FIGURES_SECONDS = 60


def _count_figures() -> dict:
    consenting = Q(consent_statistics=True, overall_score__isnull=False)
    return Assessment.objects.plausible().aggregate(
        count=Count("pk"),
        organisations=Count("organisation", distinct=True),
        # An average of fewer than MIN_PEER_GROUP consenting organisations could reveal
        # one score.
        avg=Avg("overall_score", filter=consenting),
        n=Count("pk", filter=consenting),
    )


@hooks.register("portal_headline_figures")
def assessment_figures(request):
    """Figures for the home page: how many took part, and the province's average level."""
    # Only plausible ones: filled in over a realistic time (settings.PLAUSIBLE_MIN_SECONDS).
    # All of them in one query (the home page is read far more often than anything else).
    # Counted at most once a minute for all the web processes (under the content version,
    # so a publish recounts too): the whole page is kept up to ten minutes for anonymous
    # readers anyway (cms/page_cache.py), and on a province's data the count scans every
    # submitted assessment.
    stats = cache.get_or_set(f"{FIGURES_KEY}:{content_version()}", _count_figures, FIGURES_SECONDS)
    count = stats["count"]
    if count < MIN_PEER_GROUP:
        return []
    figures = [
        {"value": count, "label": _("assessments submitted")},
        {"value": stats["organisations"], "label": _("businesses and co-operatives took part")},
    ]
    if stats["n"] >= MIN_PEER_GROUP and stats["avg"] is not None:
        figures.append({"value": f"{display_score(stats['avg'])}/100", "label": _("average score")})
    return figures


@hooks.register("portal_dimension_choices")
def live_dimensions() -> list[tuple[str, str]]:
    """The published questionnaire's dimensions, offered when staff tie a topic to one."""
    questionnaire = Questionnaire.current()
    if questionnaire is None:
        return []
    return [(d.key, f"{d.key} · {d.name}") for d in questionnaire.dimensions.order_by("sort_order")]
