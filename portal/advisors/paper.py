"""Paper mode: the printed blank questionnaire and the numbering it shares with the entry
screen.

The form is built from a published (or retired) version, so it is made once per version,
language and printed reference data (sectors, revenue bands), and kept in the private
storage under a name that says all of them; every later request serves the stored file.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assessment.forms import ProfileForm
from assessment.models import Question, Questionnaire, QuestionType
from assessment.structure import NOT_APPLICABLE_LABEL, Structure, choice_options, load_structure
from cms.i18n import localized
from cms.vocabulary import COOPERATIVE_KINDS, OrganisationKind
from recommendations.pdf.paper_form import (
    PaperDimension,
    PaperForm,
    PaperLabels,
    PaperOption,
    PaperQuestion,
    ProfileField,
    render_paper_form,
)

logger = logging.getLogger(__name__)

# Bumped when the layout changes, so stored forms are drawn again.
LAYOUT_REVISION = 1
# The profile's questions, in the entry screen's order, numbered A1, A2...
PROFILE_FIELDS = (
    "name",
    "kind",
    "sector",
    "administrative_unit",
    "staff_count",
    "revenue_band",
    "member_count",
    "tax_code",
    "consent_statistics",
)


def profile_numbers() -> dict[str, str]:
    return {name: f"A{index}" for index, name in enumerate(PROFILE_FIELDS, start=1)}


def question_numbers(structure: Structure) -> dict[str, str]:
    """The number of every question, such as "3.2" for the second question of the third
    dimension: the whole version is numbered, co-op-only questions included, so paper and
    screen always agree."""
    numbers = {}
    for d_index, dimension in enumerate(structure.dimensions, start=1):
        for q_index, question in enumerate(dimension.questions.all(), start=1):
            numbers[question.key] = f"{d_index}.{q_index}"
    return numbers


def how_to_answer(question: Question) -> str:
    if question.type == QuestionType.MULTI:
        return _("choose all that apply")
    return _("choose one")


def question_notes(question: Question, structure: Structure, numbers: dict[str, str]) -> list[str]:
    """Who is asked and when, in the active language: the kinds of organisation it is for
    and the earlier answer that opens a follow-up."""
    notes = []
    if question.org_kinds:
        labels = dict(OrganisationKind.choices)
        kinds = ", ".join(str(labels.get(kind, kind)) for kind in question.org_kinds)
        notes.append(_("Only for: %(kinds)s") % {"kinds": kinds})
    if question.condition_question_key:
        parent = next(
            (q for q in structure.questions if q.key == question.condition_question_key), None
        )
        if parent is not None:
            options = dict(choice_options(parent))
            answers = ", ".join(
                f"“{options.get(key, key)}”" for key in question.condition_choice_keys
            )
            notes.append(
                _("Answer only if question %(number)s is answered: %(answers)s")
                % {"number": numbers.get(parent.key, parent.key), "answers": answers}
            )
    return notes


def _profile(language: str) -> tuple[ProfileField, ...]:
    form = ProfileForm()
    numbers = profile_numbers()
    fields = []
    for name in PROFILE_FIELDS:
        bound = form[name]
        number = numbers[name]
        if name == "consent_statistics":
            fields.append(ProfileField(number, str(bound.label), tick_only=True))
            continue
        options: tuple[str, ...] = ()
        how = ""
        if name in ("kind", "sector", "revenue_band"):
            options = tuple(str(label) for value, label in bound.field.choices if value != "")
            how = _("choose one")
        note = ""
        if name == "member_count":
            labels = dict(OrganisationKind.choices)
            note = _("Only for: %(kinds)s") % {
                "kinds": ", ".join(str(labels[k]) for k in sorted(COOPERATIVE_KINDS))
            }
        help_text = str(bound.help_text or "") if name == "tax_code" else ""
        fields.append(
            ProfileField(number, str(bound.label), options, how, help=help_text, note=note)
        )
    return tuple(fields)


def build_paper_form(questionnaire: Questionnaire, language: str) -> PaperForm:
    """The blank form of ``questionnaire`` in ``language``, as plain data."""
    structure = load_structure(questionnaire)
    numbers = question_numbers(structure)
    with translation.override(language):
        dimensions = []
        for d_index, dimension in enumerate(structure.dimensions, start=1):
            questions = []
            for question in dimension.questions.all():
                exclusive = {c.key for c in question.choices.all() if c.exclusive}
                options = tuple(
                    PaperOption(label, exclusive=key in exclusive)
                    for key, label in choice_options(question, language)
                )
                questions.append(
                    PaperQuestion(
                        number=numbers[question.key],
                        text=localized(question, "text", language),
                        kind=question.type,
                        options=options,
                        help=localized(question, "help", language),
                        how_to_answer=how_to_answer(question),
                        not_applicable=str(NOT_APPLICABLE_LABEL) if question.allow_na else "",
                        notes=tuple(question_notes(question, structure, numbers)),
                        optional="" if question.required else f"({_('optional')})",
                    )
                )
            dimensions.append(
                PaperDimension(
                    str(d_index), localized(dimension, "name", language), tuple(questions)
                )
            )
        labels = PaperLabels(
            running_head=_("Paper questionnaire"),
            version=_("Questionnaire version {version} · id {id}"),
            page=_("Page {page}/{total}"),
            instructions=_(
                "Put a cross (X) in the box of each answer. “Choose one” takes one box; “choose "
                "all that apply” takes every box that fits; a box after “or” is ticked only on "
                "its own. Answer a follow-up only when the condition under it is met. The "
                "advisor types the answers in on the paper entry screen, choosing the version "
                "printed at the top of every page."
            ),
            visit_fields=(
                _("Date of the visit"),
                _("Advisor"),
                _("Who answered (name, role)"),
                _("Phone"),
            ),
            profile_heading=_("A. About the organisation"),
            or_word=pgettext("between the answers and the one that excludes them", "or"),
            end_note=_("End of the questionnaire. Thank you for your time."),
            language_tag="vi-VN" if language == "vi" else "en-GB",
        )
        return PaperForm(
            language=language,
            title=localized(questionnaire, "title", language),
            questionnaire_id=questionnaire.pk,
            version=questionnaire.version,
            labels=labels,
            profile=_profile(language),
            dimensions=tuple(dimensions),
        )


def stored_name(form: PaperForm) -> str:
    """The file's name: the version's id and number, the language, and a digest of what is
    printed (sectors and other reference lists may be edited between versions)."""
    digest = hashlib.sha256(
        json.dumps([LAYOUT_REVISION, asdict(form)], ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()[:16]
    return (
        f"paper-forms/questionnaire-{form.questionnaire_id}-v{form.version}-"
        f"{form.language}-{digest}.pdf"
    )


def paper_form_file(questionnaire: Questionnaire, language: str) -> tuple[str, bool]:
    """The stored PDF of the blank form (its name in the private storage), drawn and saved
    the first time it is asked for; and whether it was drawn by this call."""
    storage = storages["private"]
    form = build_paper_form(questionnaire, language)
    name = stored_name(form)
    if storage.exists(name):
        return name, False
    pdf = render_paper_form(form)
    saved = storage.save(name, ContentFile(pdf))
    if saved != name:
        # Another request drew it at the same moment: keep one copy.
        storage.delete(saved)
    logger.info("Paper form drawn: %s (%d bytes)", name, len(pdf))
    return name, True
