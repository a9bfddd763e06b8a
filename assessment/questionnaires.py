"""Questionnaire versions: import from the data file, validate, publish, copy to a new draft."""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.locality import fill_locality_words, site_locality
from cms.text import nfc

from . import scoring
from .models import (
    SCALE_LEVELS,
    Choice,
    Dimension,
    Level,
    Question,
    Questionnaire,
    QuestionType,
    split_scale_labels,
)

DEFAULT_QUESTIONNAIRE_FILE = Path(__file__).resolve().parent / "data" / "default_questionnaire.yaml"


def _with_locality(node: Any, locality) -> Any:
    """``node`` with every bilingual text ({"vi": …, "en": …}) given the locality's words."""
    if isinstance(node, dict):
        if set(node) <= {"vi", "en"} and node:
            return fill_locality_words(node, locality)
        return {key: _with_locality(value, locality) for key, value in node.items()}
    if isinstance(node, list):
        return [_with_locality(item, locality) for item in node]
    return node


def load_questionnaire_file(path: Path = DEFAULT_QUESTIONNAIRE_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@transaction.atomic
def import_questionnaire(
    data: dict[str, Any], *, publish: bool = True, version: int | None = None
) -> Questionnaire:
    """Create a new questionnaire version from the data file's structure.

    ``{locality_word}`` in its texts becomes the configured local government's word
    ("thành phố"/"city" or "tỉnh"/"province"): the version is frozen as this site says it.
    """
    data = _with_locality(data, site_locality())
    key = data.get("key", "default")
    if version is None:
        latest = Questionnaire.objects.filter(key=key).aggregate(v=Max("version"))["v"]
        version = (latest or 0) + 1
    questionnaire = Questionnaire.objects.create(
        key=key,
        version=version,
        title_vi=nfc(data["title"]["vi"]),
        title_en=nfc(data["title"]["en"]),
    )
    Level.objects.bulk_create(
        Level(
            questionnaire=questionnaire,
            level=item["level"],
            min_score=Decimal(str(item["min"])),
            name_vi=nfc(item["name"]["vi"]),
            name_en=nfc(item["name"]["en"]),
            description_vi=nfc(item.get("description", {}).get("vi", "")),
            description_en=nfc(item.get("description", {}).get("en", "")),
        )
        for item in data["levels"]
    )
    for d_order, d in enumerate(data["dimensions"]):
        dimension = Dimension.objects.create(
            questionnaire=questionnaire,
            key=d["key"],
            name_vi=nfc(d["name"]["vi"]),
            name_en=nfc(d["name"]["en"]),
            description_vi=nfc(d.get("description", {}).get("vi", "")),
            description_en=nfc(d.get("description", {}).get("en", "")),
            weight=Decimal(str(d.get("weight", 1))),
            sort_order=d_order,
        )
        for q_order, q in enumerate(d["questions"]):
            condition = q.get("condition") or {}
            error = q.get("error") or {}
            scale_labels = q.get("scale_labels") or {}
            question = Question.objects.create(
                dimension=dimension,
                key=q["key"],
                type=q["type"],
                text_vi=nfc(q["text"]["vi"]),
                text_en=nfc(q["text"]["en"]),
                help_vi=nfc((q.get("help") or {}).get("vi", "")),
                help_en=nfc((q.get("help") or {}).get("en", "")),
                weight=Decimal(str(q.get("weight", 1))),
                required=q.get("required", True),
                allow_na=q.get("allow_na", False),
                org_kinds=list(q.get("org_kinds") or []),
                condition_question_key=condition.get("question", ""),
                condition_choice_keys=list(condition.get("choices", [])),
                error_vi=nfc(error.get("vi", "")),
                error_en=nfc(error.get("en", "")),
                scale_labels_vi=_scale_labels_text(q["key"], scale_labels.get("vi")),
                scale_labels_en=_scale_labels_text(q["key"], scale_labels.get("en")),
                sort_order=q_order,
            )
            Choice.objects.bulk_create(
                Choice(
                    question=question,
                    key=c["key"],
                    label_vi=nfc(c["label"]["vi"]),
                    label_en=nfc(c["label"]["en"]),
                    score=Decimal(str(c["score"])),
                    exclusive=bool(c.get("exclusive", False)),
                    sort_order=c_order,
                )
                for c_order, c in enumerate(q.get("choices") or [])
            )
    if publish:
        publish_questionnaire(questionnaire)
    return questionnaire


class QuestionnaireInvalid(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _scale_labels_text(question_key: str, labels: Any) -> str:
    """The data file's list of six scale labels as the model keeps them (one per line)."""
    if labels in (None, [], ""):
        return ""
    if (
        not isinstance(labels, list)
        or len(labels) != SCALE_LEVELS
        or not all(isinstance(label, str) and label.strip() for label in labels)
        or any("\n" in label for label in labels)
    ):
        raise QuestionnaireInvalid(
            [
                _("Question “%(q)s”: scale_labels needs a list of %(n)d one-line labels.")
                % {"q": question_key, "n": SCALE_LEVELS}
            ]
        )
    return "\n".join(nfc(label.strip()) for label in labels)


def validate_questionnaire(questionnaire: Questionnaire) -> list[str]:
    """Everything that would stop this draft from being published, in plain words."""
    problems: list[str] = []
    dimensions = list(
        questionnaire.dimensions.prefetch_related("questions__choices").order_by("sort_order")
    )
    if not dimensions:
        problems.append(_("The questionnaire has no dimensions."))
    levels = sorted(questionnaire.levels.all(), key=lambda lv: lv.level)
    if not levels or levels[0].min_score != 0:
        problems.append(_("The level ladder must start at a threshold of 0."))
    for lower, higher in itertools.pairwise(levels):
        if higher.min_score <= lower.min_score:
            problems.append(_("Level thresholds must increase with the level."))
            break
    seen: dict[str, Question] = {}
    for dimension in dimensions:
        if dimension.weight <= 0:
            problems.append(_("Dimension “%s” needs a positive weight.") % dimension.key)
        questions = list(dimension.questions.all())
        if not questions:
            problems.append(_("Dimension “%s” has no questions.") % dimension.key)
        for question in questions:
            if question.key in seen:
                problems.append(_("Question key “%s” is used twice.") % question.key)
            if question.weight <= 0:
                problems.append(_("Question “%s” needs a positive weight.") % question.key)
            choices = list(question.choices.all())
            if question.type in (QuestionType.SINGLE, QuestionType.MULTI) and len(choices) < 2:
                problems.append(_("Question “%s” needs at least two choices.") % question.key)
            exclusive = [c for c in choices if c.exclusive]
            if exclusive and question.type != QuestionType.MULTI:
                problems.append(
                    _(
                        "Question “%s”: only a multiple-choice question can have a choice "
                        "marked “only on its own”."
                    )
                    % question.key
                )
            elif exclusive and len(exclusive) == len(choices):
                problems.append(
                    _("Question “%s”: every choice is marked “only on its own”.") % question.key
                )
            problems.extend(_scale_label_problems(question))
            if question.condition_question_key:
                parent = seen.get(question.condition_question_key)
                if parent is None:
                    problems.append(
                        _("Question “%(q)s” depends on “%(p)s”, which is not an earlier question.")
                        % {"q": question.key, "p": question.condition_question_key}
                    )
                else:
                    parent_keys = {c.key for c in parent.choices.all()} | (
                        set(scoring.TRISTATE_SCORES)
                        if parent.type == QuestionType.TRISTATE
                        else set()
                    )
                    missing = set(question.condition_choice_keys) - parent_keys
                    if missing or not question.condition_choice_keys:
                        problems.append(
                            _(
                                "Question “%s” depends on answers its earlier question "
                                "does not have."
                            )
                            % question.key
                        )
            seen[question.key] = question
    return problems


def _scale_label_problems(question: Question) -> list[str]:
    problems = []
    for text in (question.scale_labels_vi, question.scale_labels_en):
        if not text.strip():
            continue
        if question.type != QuestionType.SCALE:
            problems.append(
                _("Question “%s” has scale labels but is not a 0–5 scale question.") % question.key
            )
            break
        if len(split_scale_labels(text)) != SCALE_LEVELS:
            problems.append(
                _("Question “%(q)s” needs exactly %(n)d scale labels, one per line (levels 0–5).")
                % {"q": question.key, "n": SCALE_LEVELS}
            )
            break
    return problems


@transaction.atomic
def publish_questionnaire(questionnaire: Questionnaire) -> Questionnaire:
    """Validate and freeze ``questionnaire``; the version it replaces retires."""
    problems = validate_questionnaire(questionnaire)
    if problems:
        raise QuestionnaireInvalid(problems)
    Questionnaire.objects.filter(
        key=questionnaire.key, status=Questionnaire.Status.PUBLISHED
    ).exclude(pk=questionnaire.pk).update(status=Questionnaire.Status.RETIRED)
    questionnaire.status = Questionnaire.Status.PUBLISHED
    questionnaire.published_at = timezone.now()
    questionnaire.save(update_fields=["status", "published_at"])
    return questionnaire


@transaction.atomic
def copy_to_new_draft(source: Questionnaire) -> Questionnaire:
    """Start the next version as an editable copy of ``source``."""
    latest = Questionnaire.objects.filter(key=source.key).aggregate(v=Max("version"))["v"]
    draft = Questionnaire.objects.create(
        key=source.key, version=latest + 1, title_vi=source.title_vi, title_en=source.title_en
    )
    for level in source.levels.all():
        level.pk = None
        level.questionnaire = draft
        level.save()
    for dimension in source.dimensions.prefetch_related("questions__choices"):
        questions = list(dimension.questions.all())
        dimension.pk = None
        dimension.questionnaire = draft
        dimension.save()
        for question in questions:
            choices = list(question.choices.all())
            question.pk = None
            question.dimension = dimension
            question.save()
            for choice in choices:
                choice.pk = None
                choice.question = question
                choice.save()
    return draft
