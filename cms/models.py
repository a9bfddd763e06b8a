"""Pages the business support center publishes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The portal's front page: what it is and where to start."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    call_to_action = models.CharField(
        _("call to action"),
        max_length=80,
        blank=True,
        help_text=_("Text of the button that starts the self-assessment."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("call_to_action")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")
