"""Forms of the manager's workspace."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django import forms
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


class ChecklistForm(forms.Form):
    """The status of each action of the current plan; only those actions are accepted."""

    def __init__(self, *args, rule_keys: Sequence[str], **kwargs):
        super().__init__(*args, **kwargs)
        for key in rule_keys:
            self.fields[f"action-{key}"] = forms.ChoiceField(
                choices=ActionStatus.choices, required=False
            )

    def statuses(self) -> dict[str, str]:
        """Rule key → chosen status, for the actions that were sent."""
        return {
            name.removeprefix("action-"): value
            for name, value in self.cleaned_data.items()
            if value
        }


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address of the person to invite"),
        validators=[validate_typed_line],
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
