"""Admin forms of the cms snippets."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from .dimensions import dimension_choices


class TopicForm(WagtailAdminModelForm):
    """Offers the live questionnaire's dimensions instead of a free-typed key."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— none —")), *dimension_choices()]
        current = self.instance.dimension_key if self.instance else ""
        if current and current not in dict(choices):
            # Keep a key the live questionnaire no longer has visible, marked as such.
            choices.append(
                (current, _("%(key)s (not in the published questionnaire)") % {"key": current})
            )
        self.fields["dimension_key"] = forms.ChoiceField(
            label=_("assessment dimension"),
            choices=choices,
            required=False,
            help_text=self.fields["dimension_key"].help_text,
        )
