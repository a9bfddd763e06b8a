"""Forms of the self-assessment flow: the organisation profile and one form per dimension."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.text import nfc, validate_typed_line
from cms.vocabulary import COOPERATIVE_KINDS

from . import scoring
from .models import (
    AdministrativeUnit,
    Organisation,
    Question,
    QuestionType,
    Sector,
    size_band_for,
)
from .structure import NOT_APPLICABLE_LABEL, choice_options, question_spec

NA_KEY = "na"
FIELD_PREFIX = "q-"


class TamperedPost(Exception):
    """A post that the pages we serve cannot produce; answered with 400."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NormalisedCharField(forms.CharField):
    """Strips and NFC-normalises typed text, so "Hợp tác xã" typed in NFD matches.

    Control, bidi-override and invisible-only text is refused (``validate_typed_line``).
    """

    default_validators = [validate_typed_line]

    def to_python(self, value: Any) -> str:
        return nfc(super().to_python(value))


class ProfileForm(forms.ModelForm):
    name = NormalisedCharField(label=_("Name of the business or co-operative"), max_length=200)
    tax_code = NormalisedCharField(
        label=_("Tax code (optional)"),
        max_length=14,
        required=False,
        help_text=_("10 digits, or 10 digits, a dash and 3 digits for a branch."),
    )
    consent_statistics = forms.BooleanField(
        label=_(
            "The support center may use our answers, without our name, in province-wide "
            "statistics and peer comparisons."
        ),
        required=False,
        initial=False,  # consent is given by ticking, never by default
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "sector",
            "administrative_unit",
            "staff_count",
            "revenue_band",
            "member_count",
            "tax_code",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "revenue_band": forms.RadioSelect,
        }
        labels = {
            "kind": _("What kind of organisation is it?"),
            "sector": _("Main sector"),
            "administrative_unit": _("Ward or commune"),
            "staff_count": _("Staff with social insurance (yearly average)"),
            "revenue_band": _("Total revenue last year"),
            "member_count": _("Number of members (co-operatives)"),
        }
        error_messages = {
            "kind": {"required": _("Choose the kind of organisation.")},
            "sector": {"required": _("Choose the main sector.")},
            "administrative_unit": {"required": _("Choose the ward or commune.")},
            "revenue_band": {"required": _("Choose last year's revenue.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Enter the name of the organisation.")
        self.fields["sector"].queryset = Sector.objects.order_by("sort_order", "key")
        units = AdministrativeUnit.objects.filter(active=True)
        if self.instance.pk and self.instance.administrative_unit_id:
            # A retired unit stays selectable for organisations that already chose it.
            units = units | AdministrativeUnit.objects.filter(
                pk=self.instance.administrative_unit_id
            )
        self.fields["administrative_unit"].queryset = units.order_by("sort_order", "name")
        self.fields["sector"].empty_label = _("Choose…")
        self.fields["administrative_unit"].empty_label = _("Choose…")
        self.fields["member_count"].widget.attrs.update({"inputmode": "numeric", "min": 1})
        self.fields["tax_code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        )
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]
        self.fields["revenue_band"].choices = [
            c for c in self.fields["revenue_band"].choices if c[0]
        ]
        self.fields["revenue_band"].required = True
        staff = self.fields["staff_count"]
        staff.required = True
        staff.error_messages["required"] = _("Enter the number of staff (0 if none).")
        staff.help_text = _(
            "Used with the sector and revenue to place the unit in a size band (micro, small, "
            "medium) as Decree 80/2021/NĐ-CP does. Enter 0 if nobody pays social insurance."
        )
        staff.widget.attrs.update({"inputmode": "numeric", "min": 0})

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind in COOPERATIVE_KINDS and not data.get("member_count"):
            self.add_error("member_count", _("Enter how many members the co-operative has."))
        if kind not in COOPERATIVE_KINDS:
            data["member_count"] = None
        sector, staff, revenue = (
            data.get("sector"),
            data.get("staff_count"),
            data.get("revenue_band"),
        )
        if sector is not None and staff is not None and revenue:
            # Not a form field: the band follows from the answers (Decree 80/2021, Art. 5).
            self.instance.size_band = size_band_for(sector.size_group, staff, revenue)
        return data


def field_name(question: Question) -> str:
    return f"{FIELD_PREFIX}{question.key}"


def allowed_values(question: Question) -> set[str]:
    values = {key for key, _label in choice_options(question)}
    if question.allow_na:
        values.add(NA_KEY)
    return values


def check_not_tampered(questions: Sequence[Question], data: Mapping[str, Any]) -> None:
    """Raise ``TamperedPost`` for answers to other questions or choices they do not have."""
    by_field = {field_name(q): q for q in questions}
    for name in data:
        if name.startswith(FIELD_PREFIX) and name not in by_field:
            raise TamperedPost(
                _("The form contained an answer to a question that is not on this page.")
            )
    for name, question in by_field.items():
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
        if isinstance(values, str):
            values = [values]
        if question.type != QuestionType.MULTI and len(values) > 1:
            raise TamperedPost(_("The form contained several answers to a one-answer question."))
        unknown = set(values) - allowed_values(question)
        if unknown:
            raise TamperedPost(_("The form contained a choice that this question does not have."))


class DimensionForm(forms.Form):
    """The questions of one dimension that apply to this organisation."""

    def __init__(
        self,
        *args: Any,
        questions: Sequence[Question],
        earlier_answers: Mapping[str, scoring.AnswerValue],
        org_kind: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.earlier_answers = dict(earlier_answers)
        self.org_kind = org_kind
        for question in self.questions:
            self.fields[field_name(question)] = self._field_for(question)

    def _field_for(self, question: Question) -> forms.Field:
        options = choice_options(question)
        if question.allow_na:
            options = [*options, (NA_KEY, NOT_APPLICABLE_LABEL)]
        common = {
            "label": question.text,
            "help_text": question.help,
            "required": False,  # decided in clean(), conditions included
        }
        if question.type == QuestionType.MULTI:
            return forms.MultipleChoiceField(
                choices=options, widget=forms.CheckboxSelectMultiple, **common
            )
        return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)

    def values(self) -> dict[str, scoring.AnswerValue | None]:
        """Cleaned answers by question key; None for unanswered or not-asked questions."""
        answers: dict[str, scoring.AnswerValue] = dict(self.earlier_answers)
        result: dict[str, scoring.AnswerValue | None] = {}
        for question in self.questions:
            raw = self.cleaned_data.get(field_name(question))
            value = to_answer(question, raw)
            asked = scoring.is_asked(question_spec(question), answers, self.org_kind)
            result[question.key] = value if asked else None
            if asked and value is not None:
                answers[question.key] = value
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        answers: dict[str, scoring.AnswerValue] = dict(self.earlier_answers)
        for question in self.questions:
            name = field_name(question)
            value = to_answer(question, data.get(name))
            selected = data.get(name) or []
            if question.type == QuestionType.MULTI and NA_KEY in selected and len(selected) > 1:
                self.add_error(
                    name,
                    _("Choose “not applicable” on its own, or untick it and choose answers."),
                )
                continue
            if not scoring.is_asked(question_spec(question), answers, self.org_kind):
                continue
            if value is None and question.required:
                self.add_error(name, _("Answer this question to continue."))
            elif value is not None:
                answers[question.key] = value
        return data


def to_answer(question: Question, raw: Any) -> scoring.AnswerValue | None:
    """Turn a cleaned form value into the value the scoring engine takes."""
    if raw in (None, "", []):
        return None
    if raw == NA_KEY or (isinstance(raw, list) and raw == [NA_KEY]):
        return scoring.NA
    if question.type == QuestionType.SCALE:
        return int(raw)
    if isinstance(raw, list):
        return [key for key in raw if key != NA_KEY]
    return [raw]


def to_initial(question: Question, value: scoring.AnswerValue | None) -> Any:
    """The form's initial value for a stored answer."""
    if value is None:
        return None
    if value is scoring.NA:
        return [NA_KEY] if question.type == QuestionType.MULTI else NA_KEY
    if question.type == QuestionType.SCALE:
        return str(value)
    if question.type == QuestionType.MULTI:
        return list(value)
    return value[0] if value else None
