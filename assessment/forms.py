"""Forms of the self-assessment flow: the organisation profile and one form per dimension."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
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
from .structure import (
    NOT_APPLICABLE_LABEL,
    choice_keys,
    choice_options,
    error_message,
    question_spec,
)

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


# --- Choices written in Python -------------------------------------------------------------------
#
# A step shows up to a few dozen radio buttons and checkboxes, the profile page two radio
# lists and two drop-downs; rendering each through Django's widget templates (input,
# attrs, one template lookup each) was most of those pages' time. The same markup is
# written here, byte for byte what the templates give (tests/assessment/test_step_html.py
# and test_profile_html.py keep the two identical).


def _attrs_html(attrs: Mapping[str, Any]) -> str:
    """What ``django/forms/widgets/attrs.html`` writes."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input_tag(data: Mapping[str, Any]) -> str:
    """What ``django/forms/widgets/input.html`` writes."""
    value = "" if data["value"] is None else f' value="{escape(str(data["value"]))}"'
    return (
        f'<input type="{escape(data["type"])}" name="{escape(data["name"])}"{value}'
        f"{_attrs_html(data['attrs'])}>"
    )


class PlainRadioSelect(forms.RadioSelect):
    """Radio buttons whose ``{{ option.tag }}`` is written by :func:`_input_tag` rather
    than by the radio and input templates (the profile page's two choice lists)."""

    def _render(self, template_name: str, context: dict, renderer=None) -> SafeString:
        if template_name == self.option_template_name:
            return mark_safe(_input_tag(context["widget"]))  # noqa: S308 (escaped there)
        return super()._render(template_name, context, renderer)


class PlainSelect(forms.Select):
    """A drop-down written here, byte for byte what Django's select and option templates
    write (two dozen wards were two dozen template lookups on the profile page)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{_attrs_html(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{escape(group_name)}">')
            for option in group_choices:
                parts.append(
                    f'\n  <option value="{escape(str(option["value"]))}"'
                    f"{_attrs_html(option['attrs'])}>{conditional_escape(option['label'])}"
                    "</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 (escaped above)


class ShortListChoices(forms.models.ModelChoiceIterator):
    """The options of a short list (sectors, wards) read in one plain query: Django's own
    iterator opens a server-side cursor on PostgreSQL, three round trips for a dozen rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


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
            "kind": PlainRadioSelect,
            "revenue_band": PlainRadioSelect,
            "sector": PlainSelect,
            "administrative_unit": PlainSelect,
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
        for name in ("sector", "administrative_unit"):
            self.fields[name].iterator = ShortListChoices  # before the querysets below
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


class SendLinkForm(forms.Form):
    """An address to send the resume link to; used once, never stored."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send the link once and do not keep the address."),
        error_messages={
            "required": _("Enter the e-mail address to send the link to."),
            "invalid": _("Enter an e-mail address like name@example.com."),
        },
    )


def field_name(question: Question) -> str:
    return f"{FIELD_PREFIX}{question.key}"


def allowed_values(question: Question) -> set[str]:
    values = set(choice_keys(question))
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
        if len(set(values)) != len(values):
            raise TamperedPost(_("The form contained the same choice twice."))
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
        shown: Iterable[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        # Follow-up questions the page showed (posted back as ``shown``): one that the
        # page hid, whose condition the answers now meet, is shown on the next load
        # rather than reported as missing (without JavaScript nothing reveals it).
        self.shown = set(shown)
        self.revealed: set[str] = set()
        self.earlier_answers = dict(earlier_answers)
        self.org_kind = org_kind
        # Question keys whose answer on the page contradicts itself (kept as stored).
        self.conflicts: set[str] = set()
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

    def _hidden_follow_up(self, question: Question) -> bool:
        """A follow-up to a question on this page that the page did not show."""
        on_page = {q.key for q in self.questions}
        return question.condition_question_key in on_page and question.key not in self.shown

    @property
    def complete(self) -> bool:
        """Valid, with no follow-up question still to show."""
        return self.is_valid() and not self.revealed

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
                self.conflicts.add(question.key)
                continue
            if question.type == QuestionType.MULTI and len(selected) > 1:
                clash = exclusive_clash(question, selected)
                if clash is not None:
                    self.add_error(
                        name,
                        _(
                            "“%(choice)s” cannot be chosen together with other answers: "
                            "untick it, or untick the others."
                        )
                        % {"choice": clash.label},
                    )
                    self.conflicts.add(question.key)
                    continue
            if not scoring.is_asked(question_spec(question), answers, self.org_kind):
                continue
            if value is None and self._hidden_follow_up(question):
                self.revealed.add(question.key)
            elif value is None and question.required:
                self.add_error(name, error_message(question))
            elif value is not None:
                answers[question.key] = value
        return data


def exclusive_clash(question: Question, keys: Sequence[str]):
    """The exclusive choice of ``question`` that ``keys`` combine with others, if any."""
    if len(keys) < 2:
        return None
    return next((c for c in question.choices.all() if c.exclusive and c.key in keys), None)


def stored_answer_problem(question: Question, value: scoring.AnswerValue) -> str | None:
    """Why a stored answer can no longer be submitted (saved before a fix, or by an
    earlier version of the form), in words for the respondent; None when it is fine."""
    if value is scoring.NA:
        return None if question.allow_na else _("This question has no “not applicable”.")
    if question.type == QuestionType.SCALE:
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 5
        return None if ok else _("Choose one level again.")
    if isinstance(value, (str, int)) or not isinstance(value, Sequence):
        return _("Choose your answer again.")
    keys = list(value)
    known = set(choice_keys(question))
    if not keys or set(keys) - known or len(set(keys)) != len(keys):
        return _("Choose your answer again.")
    if question.type != QuestionType.MULTI and len(keys) != 1:
        return _("Choose your answer again.")
    clash = exclusive_clash(question, keys)
    if clash is not None:
        return _(
            "“%(choice)s” cannot be chosen together with other answers: untick it, "
            "or untick the others."
        ) % {"choice": clash.label}
    return None


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


def choice_options_html(
    bound: forms.BoundField, exclusive_keys: Sequence[str]
) -> tuple[SafeString, SafeString]:
    """The options of a choice question's field that combine, and those that exclude the
    others (each ``<div class="option">`` with its input and label)."""
    combinable: list[str] = []
    exclusive: list[str] = []
    for option in bound.subwidgets:
        data = option.data
        is_exclusive = data["value"] in exclusive_keys
        markup = (
            f'\n      <div class="option"{" data-exclusive" if is_exclusive else ""}>'
            f'{_input_tag(data)}<label for="{escape(option.id_for_label)}">'
            f"{conditional_escape(option.choice_label)}</label></div>\n    "
        )
        (exclusive if is_exclusive else combinable).append(markup)
    return mark_safe("".join(combinable)), mark_safe("".join(exclusive))  # noqa: S308 (escaped above)
