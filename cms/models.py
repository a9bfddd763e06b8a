"""Pages, taxonomy and site settings of the content the business support center publishes.

Page tree (one per language, Vietnamese first)::

    HomePage
    ├── GuidanceIndexPage ── GuidancePage …
    └── StandardPage (about, privacy, terms, contact) ── StandardPage …
"""

from __future__ import annotations

from typing import Any

from modelcluster.fields import ParentalKey, ParentalManyToManyField

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from . import content
from .blocks import BodyBlock
from .digest import DigestPreference  # noqa: F401 (registers it)
from .i18n import in_english
from .provenance import ExternalLink, LegalReference, Reviewed  # noqa: F401 (registers them)
from .text import fold
from .vocabulary import DEFAULT_LOCALITY_KIND, DEFAULT_LOCALITY_NAME, LocalityKind, OrganisationKind

GUIDANCE_PER_PAGE = 10


class Topic(models.Model):
    """A guidance topic, optionally tied to an assessment dimension by its stable key.

    Topics are one list shared by both page trees (with a name per language), so a
    Vietnamese page and its English translation point to the same topic and the
    topic filter works the same in both languages.
    """

    name = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    dimension_key = models.CharField(
        _("assessment dimension"),
        max_length=40,
        blank=True,
        db_index=True,
        help_text=_(
            "Key of the questionnaire dimension (e.g. ecommerce): recommendations and results "
            "for that dimension point to this topic."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("dimension_key"),
        FieldPanel("description"),
        FieldPanel("description_en"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language."""
        return (self.name_en or self.name) if in_english() else self.name


class GuidanceAudience(models.Model):
    """Who a guidance page is for: one of the organisation kinds (a row per kind, so pages
    can be filtered by it)."""

    key = models.CharField(_("key"), max_length=20, unique=True, choices=OrganisationKind.choices)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("organisation kind")
        verbose_name_plural = _("organisation kinds")

    def __str__(self) -> str:
        return str(self.get_key_display())


class PortalPage(Page):
    """Common behaviour of the portal's pages: meta description and breadcrumbs."""

    og_type = "website"

    class Meta:
        abstract = True

    def get_meta_description(self) -> str:
        """The description used in ``<meta name="description">`` and Open Graph."""
        return self.search_description or ""

    def get_view_restrictions(self) -> models.QuerySet[PageViewRestriction]:
        """No query for a page outside every private section (the common case): the
        private sections are known per content version (:mod:`cms.content`)."""
        if self.alias_of_id is None and content.is_public(self) is True:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(PortalPage):
    """The portal's front page: what it is and where to start."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    call_to_action = models.CharField(
        _("call to action"),
        max_length=80,
        blank=True,
        help_text=_("Text of the button that starts the self-assessment."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("call_to_action"),
        InlinePanel("featured_guidance", label=_("Featured guidance"), max_num=6),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.GuidanceIndexPage", "cms.StandardPage"]
    max_count_per_parent = 1

    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_meta_description(self) -> str:
        """Fall back on the introduction so the front page always has a description."""
        return self.search_description or strip_tags(self.intro)[:300]

    def get_featured_guidance(self) -> list[GuidancePage]:
        """Featured guidance pages, in this page's language where a translation exists."""
        originals = [item.page for item in self.featured_guidance.select_related("page")]
        if not originals:
            return []
        locale = content.locale_for()
        translations = {
            page.translation_key: page
            for page in GuidancePage.objects.live()
            .filter(locale=locale, translation_key__in=[p.translation_key for p in originals])
            .prefetch_related("topics")
        }
        featured = [translations.get(p.translation_key) or p for p in originals]
        # Live, and never a page behind a password or log-in (it would be advertised to all).
        featured = [page for page in featured if page.live and _is_public(page)]
        untranslated = [page for page in featured if page.locale_id != locale.pk]
        if untranslated:
            prefetch_related_objects(untranslated, "topics")
        return featured

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from .figures import headline_figures

        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):  # the editor's unsaved choice
            context["featured"] = self.get_featured_guidance()
        else:  # what is published changes only with the content version
            context["featured"] = content.remember(
                request,
                ("featured-guidance", self.pk, content.locale_for(request=request).pk),
                self.get_featured_guidance,
            )
        context["headline_figures"] = headline_figures(request)
        return context


def _is_public(page: Page) -> bool:
    """Outside every private section (Wagtail's own check when aliases make it unclear)."""
    public = content.is_public(page)
    return not page.get_view_restrictions().exists() if public is None else public


class HomePageFeaturedGuidance(Orderable):
    """A guidance page shown on the home page."""

    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_guidance")
    page = models.ForeignKey(
        "cms.GuidancePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("guidance page"),
    )

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured guidance")
        verbose_name_plural = _("featured guidance")


class GuidanceIndexPage(PortalPage):
    """Lists the guidance, filtered by topic and organisation kind, ten at a time."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GuidancePage"]
    max_count_per_parent = 1

    template = "pages/guidance_index_page.html"

    class Meta:
        verbose_name = _("guidance index")
        verbose_name_plural = _("guidance indexes")

    def get_guidance(self, topic: str = "", kind: str = "") -> list[GuidancePage]:
        """Live guidance under this index, optionally for one topic slug and one kind key.

        The whole list (three queries) is read once per content version in a process and
        filtered here: every filter and page of the list then costs no query.
        """
        entries = content.remember(None, ("guidance-list", self.pk), self._guidance_entries)
        return [
            page
            for page, topics, kinds in entries
            if (not topic or topic in topics) and (not kind or kind in kinds)
        ]

    def _guidance_entries(self) -> list[tuple[GuidancePage, frozenset[str], frozenset[str]]]:
        pages = (
            content.public(GuidancePage.objects.child_of(self).live())
            .prefetch_related("topics", "organisation_kinds")
            .order_by("-first_published_at", "pk")
        )
        return [
            (
                page,
                frozenset(t.slug for t in page.topics.all()),
                frozenset(k.key for k in page.organisation_kinds.all()),
            )
            for page in pages
        ]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        topic = request.GET.get("topic", "")
        kind = request.GET.get("kind", "")
        if kind not in OrganisationKind.values:
            kind = ""
        topics = content.remember(request, ("topics",), lambda: list(Topic.objects.all()))
        if topic not in {t.slug for t in topics}:
            topic = ""
        paginator = Paginator(self.get_guidance(topic, kind), GUIDANCE_PER_PAGE)
        context.update(
            {
                "guidance_page": paginator.get_page(request.GET.get("page")),
                "topics": topics,
                "kinds": OrganisationKind.choices,
                "selected_topic": topic,
                "selected_kind": kind,
            }
        )
        return context


class GuidancePage(Reviewed, PortalPage):
    """One piece of guidance: how to do one concrete thing, step by step."""

    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences shown in lists, search results and link previews."),
    )
    topics = ParentalManyToManyField(Topic, blank=True, verbose_name=_("topics"))
    organisation_kinds = ParentalManyToManyField(
        GuidanceAudience,
        blank=True,
        verbose_name=_("for organisation kinds"),
        help_text=_("Leave all unticked if the guidance is for everyone."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        *Reviewed.review_panels,
    ]
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel(
                    "organisation_kinds",
                    widget=forms.CheckboxSelectMultiple,
                ),
            ],
            heading=_("Classification"),
        ),
        *Page.promote_panels,
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("folded_text"),
    ]

    parent_page_types = ["cms.GuidanceIndexPage"]
    subpage_types: list[str] = []

    template = "pages/guidance_page.html"
    og_type = "article"

    class Meta:
        verbose_name = _("guidance page")
        verbose_name_plural = _("guidance pages")

    def get_meta_description(self) -> str:
        """The summary unless the editor wrote a search description."""
        return self.search_description or self.summary

    def search_texts(self) -> tuple[str, str, str]:
        """Title, summary and the body's text: what search matches and ranks against."""
        body = " ".join(self.body.stream_block.get_searchable_content(self.body))
        return self.title, self.summary, body

    def folded_text(self) -> str:
        """Title, summary and body without diacritics, for accent-insensitive search."""
        return fold(" ".join(self.search_texts()))

    def get_related_guidance(self, limit: int = 3) -> list[GuidancePage]:
        """Other live guidance on the same topics, in the same language."""
        topic_ids = [t.pk for t in self.topics.all()]
        if not topic_ids:
            return []
        return list(
            content.public(GuidancePage.objects.live())
            .filter(locale_id=self.locale_id, topics__in=topic_ids)
            .exclude(pk=self.pk)
            .distinct()
            .order_by("-first_published_at")
            .prefetch_related("topics")[:limit]
        )

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The related guidance and the rendered body, kept per content version."""
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):  # the editor's unsaved version
            prefetch_related_objects([self], "topics", "organisation_kinds")
            context["related"] = self.get_related_guidance()
            return context
        # The published article (its template keeps it with {% keep %}, so topics and kinds
        # are read only when it is rendered), body and related list change only with the
        # content version: rendered once per version and language in a process.
        context["related"] = content.remember(
            request, ("related-guidance", self.pk), self.get_related_guidance
        )
        context["body_html"] = content.remember(
            request,
            ("guidance-body", self.pk, translation.get_language()),
            lambda: self.body.render_as_block(context=dict(context)),
        )
        return context


class StandardPage(PortalPage):
    """About, privacy policy, terms, contact: a title, an introduction and a body."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    body = StreamField(
        BodyBlock(),
        verbose_name=_("body"),
        blank=True,
    )
    show_contact_details = models.BooleanField(
        _("show the support center's contact details"),
        default=False,
        help_text=_("Tick for the contact page; the details come from the site settings."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("show_contact_details"),
    ]

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    template = "pages/standard_page.html"

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    def get_meta_description(self) -> str:
        """The introduction unless the editor wrote a search description."""
        return self.search_description or self.intro[:300]


class FooterLinkBlock(blocks.StructBlock):
    """A link shown in the footer, named in both languages."""

    label = blocks.CharBlock(label=_("label (Vietnamese)"), max_length=80)
    label_en = blocks.CharBlock(label=_("label (English)"), max_length=80, required=False)
    url = blocks.URLBlock(label=_("address"))

    class Meta:
        icon = "link"
        label = _("Link")


@register_setting(icon="site")
class SupportCenterSettings(BaseSiteSetting):
    """Who runs the portal and how to reach them: footer, contact page and the PDF plan."""

    name = models.CharField(
        _("name (Vietnamese)"), max_length=200, default="Trung tâm Hỗ trợ doanh nghiệp"
    )
    name_en = models.CharField(
        _("name (English)"), max_length=200, blank=True, default="Business Support Center"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = models.CharField(_("opening hours (Vietnamese)"), max_length=200, blank=True)
    opening_hours_en = models.CharField(_("opening hours (English)"), max_length=200, blank=True)
    # The local government the center serves (issue 13): "thành phố Cần Thơ", or a
    # "tỉnh" elsewhere; read through cms.locality, never spelled out in templates.
    locality_kind = models.CharField(
        _("kind of locality"),
        max_length=20,
        choices=LocalityKind.choices,
        default=DEFAULT_LOCALITY_KIND,
        help_text=_("Cần Thơ is a centrally governed city; most other localities are provinces."),
    )
    locality_name = models.CharField(
        _("name of the locality"),
        max_length=120,
        default=DEFAULT_LOCALITY_NAME,
        help_text=_('Without the kind, e.g. "Cần Thơ".'),
    )
    links = StreamField(
        [("link", FooterLinkBlock())],
        verbose_name=_("links"),
        blank=True,
        help_text=_("Shown in the footer: the center's website, fan page, hotline pages."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("address")],
            heading=_("Support center"),
        ),
        MultiFieldPanel(
            [FieldPanel("locality_kind"), FieldPanel("locality_name")],
            heading=_("Locality served"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("opening_hours"),
                FieldPanel("opening_hours_en"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("links"),
    ]

    class Meta:
        verbose_name = _("support center")

    @property
    def display_name(self) -> str:
        """The center's name in the active language."""
        return (self.name_en or self.name) if in_english() else self.name

    @property
    def display_opening_hours(self) -> str:
        """Opening hours in the active language."""
        return (self.opening_hours_en or self.opening_hours) if in_english() else self.opening_hours

    @property
    def phone_href(self) -> str:
        """The phone number as a ``tel:`` link target (digits and ``+`` only)."""
        return "".join(c for c in self.phone if c.isdigit() or c == "+")
