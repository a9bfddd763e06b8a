"""The dashboard's filters: a GET form whose errors leave the statistics unfiltered."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.models import AdministrativeUnit, Assessment, Sector
from cms.vocabulary import OrganisationKind

from .queries import Filters


class FilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("Submitted from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("Submitted until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("All kinds")), *OrganisationKind.choices],
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        required=False,
        queryset=Sector.objects.all(),
        to_field_name="key",
        empty_label=_("All sectors"),
    )
    unit = forms.ModelChoiceField(
        label=_("Ward or commune"),
        required=False,
        queryset=AdministrativeUnit.objects.all(),
        to_field_name="code",
        empty_label=_("All wards and communes"),
    )

    mode = forms.ChoiceField(
        label=_("How it was made"),
        required=False,
        choices=[("", _("Self-made, assisted and paper")), *Assessment.Mode.choices],
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filters(self) -> Filters:
        """The valid filters, or none at all when the form has errors."""
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            kind=data.get("kind") or "",
            sector=data["sector"].key if data.get("sector") else "",
            unit=data["unit"].code if data.get("unit") else "",
            mode=data.get("mode") or "",
        )
