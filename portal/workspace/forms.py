"""Forms of the manager's workspace."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Mapping, Sequence

from django import forms
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.models import ActionStatus, SupportRequest
from assessment.snapshot import DimensionView, LevelView
from cms.text import nfc, validate_typed_line, validate_typed_text


class TargetsForm(forms.Form):
    """The level a manager aims for in each dimension (or none)."""

    def __init__(
        self,
        *args,
        dimensions: Sequence[DimensionView],
        levels: Sequence[LevelView],
        targets: Mapping[str, int],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        choices = [("", _("No target"))] + [
            (str(lv.level), f"{lv.level} · {lv.name()}") for lv in levels
        ]
        for dimension in dimensions:
            self.fields[dimension.key] = forms.ChoiceField(
                label=dimension.name(),
                choices=choices,
                required=False,
                initial=str(targets[dimension.key]) if dimension.key in targets else "",
            )


MAX_PLAN_YEARS = 5


def _person_name(value: str) -> str:
    """An owner's name as typed, NFC, on one line; markup and invisible characters refused
    (the name is printed in the PDF and on the page exactly as typed)."""
    text = nfc(value)
    if "<" in text or ">" in text:
        raise forms.ValidationError(
            _("Write the name without the characters < and >."), code="markup"
        )
    if any(unicodedata.category(char) in {"Cc", "Cf", "Co", "Cs"} for char in text):
        raise forms.ValidationError(
            _("The name contains invisible or control characters: type it again."),
            code="control",
        )
    return " ".join(text.split())


class OwnerField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=80, required=False, **kwargs)

    def clean(self, value):
        return _person_name(super().clean(value))


class ChecklistForm(forms.Form):
    """Status, person in charge and due date of each action of the current plan; only
    those actions are accepted. A due date must fall between the assessment and five
    years after it."""

    def __init__(
        self, *args, rule_keys: Sequence[str], assessed_on: datetime.date | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.assessed_on = assessed_on
        for key in rule_keys:
            self.fields[f"action-{key}"] = forms.ChoiceField(
                choices=ActionStatus.choices, required=False
            )
            self.fields[f"owner-{key}"] = OwnerField(label=gettext_lazy("Person in charge"))
            self.fields[f"due-{key}"] = forms.DateField(
                label=gettext_lazy("Due date"),
                required=False,
                # The date picker sends ISO dates; typed by hand, Vietnamese day/month/year.
                input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                error_messages={"invalid": gettext_lazy("Enter the date as dd/mm/yyyy.")},
            )

    def clean(self):
        data = super().clean()
        if self.assessed_on is None:
            return data
        latest = _years_after(self.assessed_on, MAX_PLAN_YEARS)
        for name, value in list(data.items()):
            if not name.startswith("due-") or value is None:
                continue
            if value < self.assessed_on:
                self.add_error(
                    name,
                    _("The due date cannot be before the assessment (%(date)s).")
                    % {"date": formats.date_format(self.assessed_on, "SHORT_DATE_FORMAT")},
                )
            elif value > latest:
                self.add_error(
                    name,
                    _("The due date must be within %(years)s years of the assessment.")
                    % {"years": MAX_PLAN_YEARS},
                )
        return data

    def statuses(self) -> dict[str, str]:
        """Rule key → chosen status, for the actions that were sent."""
        return {
            name.removeprefix("action-"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("action-") and value
        }

    def assignments(self) -> dict[str, tuple[str, datetime.date | None]]:
        """Rule key → (owner, due date), for the actions whose fields were sent."""
        sent = {
            name.split("-", 1)[1]
            for name in self.data
            if name.startswith(("owner-", "due-")) and name in self.fields
        }
        return {
            key: (self.cleaned_data.get(f"owner-{key}", ""), self.cleaned_data.get(f"due-{key}"))
            for key in sent
        }


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address of the person to invite"),
        validators=[validate_typed_line],
        error_messages={
            "required": gettext_lazy("Enter the e-mail address of the person to invite"),
            "invalid": gettext_lazy(
                "Enter the e-mail address in the right form, like name@example.com"
            ),
        },
    )


class SupportRequestForm(forms.ModelForm):
    needs = forms.MultipleChoiceField(
        label=gettext_lazy("What do you need help with?"),
        choices=SupportRequest.Need.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one need.")},
    )

    class Meta:
        model = SupportRequest
        fields = ["needs", "other_need", "channel", "contact_name", "phone", "email"]
        widgets = {"channel": forms.RadioSelect, "other_need": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "other_need": gettext_lazy("Tell us more (needed if you chose “Other”)"),
            "channel": gettext_lazy("How should the support center contact you?"),
            "contact_name": gettext_lazy("Contact person"),
            "phone": gettext_lazy("Phone or Zalo number"),
            "email": gettext_lazy("E-mail"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [c for c in self.fields["channel"].choices if c[0]]
        self.fields["other_need"].validators.append(validate_typed_text)
        for name in ("contact_name", "phone", "email"):
            self.fields[name].validators.append(validate_typed_line)
        self.fields["channel"].error_messages["required"] = _("Choose how we should contact you.")
        self.fields["contact_name"].error_messages["required"] = _(
            "Enter the name of the person to contact."
        )

    def clean(self):
        data = super().clean()
        for field in ("other_need", "contact_name", "phone"):
            if data.get(field):
                data[field] = nfc(data[field]).strip()
        if "other" in (data.get("needs") or []) and not data.get("other_need"):
            self.add_error("other_need", _("Describe what you need help with."))
        channel = data.get("channel")
        if channel in ("phone", "zalo", "visit") and not data.get("phone"):
            self.add_error("phone", _("Enter a phone number so we can reach you."))
        if channel == "email" and not data.get("email"):
            self.add_error("email", _("Enter an e-mail address so we can reach you."))
        return data
