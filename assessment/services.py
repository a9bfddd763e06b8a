"""Operations on questionnaires and assessments that the views, admin and commands share."""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import scoring
from .models import (
    Answer,
    Assessment,
    Choice,
    Dimension,
    Level,
    Question,
    Questionnaire,
    QuestionType,
)

DEFAULT_QUESTIONNAIRE_FILE = Path(__file__).resolve().parent / "data" / "default_questionnaire.yaml"

SCALE_LABELS = {
    "vi": [
        "Chưa sử dụng",
        "Đang tìm hiểu",
        "Thử nghiệm",
        "Dùng một phần",
        "Dùng thường xuyên",
        "Vận hành đầy đủ",
    ],
    "en": [
        "Not used",
        "Exploring",
        "Trying out",
        "Partly in use",
        "In regular use",
        "Fully operational",
    ],
}
TRISTATE_LABELS = {
    "vi": {"no": "Chưa", "partly": "Một phần", "yes": "Có"},
    "en": {"no": "No", "partly": "Partly", "yes": "Yes"},
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


# --- Loading the default questionnaire -----------------------------------------------------


def load_questionnaire_file(path: Path = DEFAULT_QUESTIONNAIRE_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@transaction.atomic
def import_questionnaire(
    data: dict[str, Any], *, publish: bool = True, version: int | None = None
) -> Questionnaire:
    """Create a new questionnaire version from the data file's structure."""
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
                sort_order=q_order,
            )
            Choice.objects.bulk_create(
                Choice(
                    question=question,
                    key=c["key"],
                    label_vi=nfc(c["label"]["vi"]),
                    label_en=nfc(c["label"]["en"]),
                    score=Decimal(str(c["score"])),
                    sort_order=c_order,
                )
                for c_order, c in enumerate(q.get("choices") or [])
            )
    if publish:
        publish_questionnaire(questionnaire)
    return questionnaire


# --- Publishing and versioning -------------------------------------------------------------


class QuestionnaireInvalid(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


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


# --- Structure for the flow and the scoring engine -----------------------------------------


@dataclass
class Structure:
    """A questionnaire with everything below it, loaded in a fixed number of queries."""

    questionnaire: Questionnaire
    dimensions: list[Dimension]
    levels: list[Level]

    @property
    def questions(self) -> Iterable[Question]:
        for dimension in self.dimensions:
            yield from dimension.questions.all()

    def question_by_key(self) -> dict[str, Question]:
        return {q.key: q for q in self.questions}

    def spec(self) -> scoring.QuestionnaireSpec:
        return scoring.QuestionnaireSpec(
            dimensions=tuple(
                scoring.DimensionSpec(
                    key=d.key,
                    weight=float(d.weight),
                    questions=tuple(question_spec(q) for q in d.questions.all()),
                )
                for d in self.dimensions
            ),
            levels=tuple(
                scoring.LevelSpec(level=lv.level, min_score=float(lv.min_score))
                for lv in self.levels
            ),
        )


def question_spec(question: Question) -> scoring.QuestionSpec:
    condition = None
    if question.condition_question_key:
        condition = scoring.Condition(
            question=question.condition_question_key,
            choices=frozenset(question.condition_choice_keys),
        )
    return scoring.QuestionSpec(
        key=question.key,
        type=question.type,
        weight=float(question.weight),
        choices=tuple(scoring.ChoiceSpec(c.key, float(c.score)) for c in question.choices.all()),
        org_kinds=frozenset(question.org_kinds or ()),
        condition=condition,
    )


def load_structure(questionnaire: Questionnaire) -> Structure:
    dimensions = list(
        Dimension.objects.filter(questionnaire=questionnaire)
        .order_by("sort_order", "pk")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("sort_order", "pk").prefetch_related(
                    Prefetch("choices", queryset=Choice.objects.order_by("sort_order", "pk"))
                ),
            )
        )
    )
    levels = list(Level.objects.filter(questionnaire=questionnaire).order_by("level"))
    return Structure(questionnaire=questionnaire, dimensions=dimensions, levels=levels)


def answers_of(assessment: Assessment) -> dict[str, scoring.AnswerValue]:
    """The saved answers as question key → value, as the scoring engine takes them."""
    values: dict[str, scoring.AnswerValue] = {}
    for key, value, na in assessment.answers.values_list(
        "question__key", "value", "not_applicable"
    ):
        values[key] = scoring.NA if na else value
    return values


def choice_options(question: Question, language: str | None = None) -> list[tuple[str, str]]:
    """(key, label) pairs of a question in ``language``, built-in ones included."""
    language = (language or translation.get_language() or "vi")[:2]
    language = language if language in ("vi", "en") else "vi"
    if question.type == QuestionType.SCALE:
        return [(str(i), f"{i} – {label}") for i, label in enumerate(SCALE_LABELS[language])]
    if question.type == QuestionType.TRISTATE:
        return list(TRISTATE_LABELS[language].items())
    return [(c.key, getattr(c, f"label_{language}") or c.label_vi) for c in question.choices.all()]


# --- Submission -----------------------------------------------------------------------------


def build_snapshot(
    assessment: Assessment, structure: Structure, answers: dict[str, scoring.AnswerValue]
) -> dict[str, Any]:
    """Everything needed to show and re-score this assessment without the live questionnaire."""
    organisation = assessment.organisation
    unit = organisation.administrative_unit if organisation else None
    sector = organisation.sector if organisation else None
    kind = organisation.kind if organisation else None
    spec = structure.spec()
    dimensions = []
    for dimension in structure.dimensions:
        questions = []
        for question in dimension.questions.all():
            if question.key not in answers or not scoring.is_asked(
                question_spec(question), answers, kind
            ):
                continue
            value = answers[question.key]
            labels = {lang: dict(choice_options(question, lang)) for lang in ("vi", "en")}
            if value is scoring.NA:
                shown = {"vi": ["Không áp dụng"], "en": ["Not applicable"]}
            else:
                keys = [str(value)] if isinstance(value, int) else list(value)
                shown = {lang: [labels[lang].get(k, k) for k in keys] for lang in ("vi", "en")}
            score = scoring.answer_score(question_spec(question), value)
            questions.append(
                {
                    "key": question.key,
                    "type": question.type,
                    "weight": float(question.weight),
                    "text": {"vi": question.text_vi, "en": question.text_en},
                    "value": "NA" if value is scoring.NA else value,
                    "labels": shown,
                    "score": None if score is None else round(score, 4),
                    "choices": [
                        {"key": c.key, "score": float(c.score)} for c in question.choices.all()
                    ],
                    "condition": (
                        {
                            "question": question.condition_question_key,
                            "choices": question.condition_choice_keys,
                        }
                        if question.condition_question_key
                        else None
                    ),
                    "org_kinds": question.org_kinds,
                }
            )
        dimensions.append(
            {
                "key": dimension.key,
                "weight": float(dimension.weight),
                "name": {"vi": dimension.name_vi, "en": dimension.name_en},
                "questions": questions,
            }
        )
    return {
        "questionnaire": {
            "key": structure.questionnaire.key,
            "version": structure.questionnaire.version,
        },
        "organisation": {
            "name": organisation.name if organisation else "",
            "kind": kind,
            "sector": sector.key if sector else None,
            "sector_name": {"vi": sector.name_vi, "en": sector.name_en} if sector else None,
            "administrative_unit": unit.code if unit else None,
            "administrative_unit_name": str(unit) if unit else "",
            "size_band": organisation.size_band if organisation else None,
            "member_count": organisation.member_count if organisation else None,
        },
        "levels": [
            {
                "level": lv.level,
                "min_score": float(lv.min_score),
                "name": {"vi": lv.name_vi, "en": lv.name_en},
                "description": {"vi": lv.description_vi, "en": lv.description_en},
            }
            for lv in structure.levels
        ],
        "dimensions": dimensions,
        "scoring": {"levels": [[lv.level, lv.min_score] for lv in spec.levels]},
    }


def spec_from_snapshot(snapshot: dict[str, Any]) -> tuple[scoring.QuestionnaireSpec, dict]:
    """Rebuild the scoring input from a stored snapshot, to re-derive a past result."""
    answers: dict[str, scoring.AnswerValue] = {}
    dimensions = []
    for d in snapshot["dimensions"]:
        questions = []
        for q in d["questions"]:
            condition = q.get("condition")
            questions.append(
                scoring.QuestionSpec(
                    key=q["key"],
                    type=q["type"],
                    weight=q["weight"],
                    choices=tuple(scoring.ChoiceSpec(c["key"], c["score"]) for c in q["choices"]),
                    org_kinds=frozenset(q.get("org_kinds") or ()),
                    condition=scoring.Condition(
                        condition["question"], frozenset(condition["choices"])
                    )
                    if condition
                    else None,
                )
            )
            answers[q["key"]] = scoring.NA if q["value"] == "NA" else q["value"]
        dimensions.append(scoring.DimensionSpec(d["key"], d["weight"], tuple(questions)))
    levels = tuple(scoring.LevelSpec(lv, ms) for lv, ms in snapshot["scoring"]["levels"])
    return scoring.QuestionnaireSpec(tuple(dimensions), levels), answers


@transaction.atomic
def submit_assessment(assessment: Assessment, structure: Structure) -> scoring.Result:
    """Score, snapshot and freeze ``assessment``. Raises ``AlreadySubmitted`` the second time."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_submitted:
        raise AlreadySubmitted
    answers = answers_of(assessment)
    kind = assessment.organisation.kind if assessment.organisation else None
    result = scoring.score_assessment(structure.spec(), answers, kind)
    assessment.snapshot = build_snapshot(assessment, structure, answers)
    assessment.overall_score = (
        None if result.overall is None else Decimal(str(result.overall)).quantize(Decimal("0.01"))
    )
    assessment.level = result.level
    assessment.dimension_scores = {d.key: d.score for d in result.dimensions}
    assessment.mark_submitted()
    assessment.save(
        update_fields=[
            "snapshot",
            "overall_score",
            "level",
            "dimension_scores",
            "status",
            "submitted_at",
            "updated_at",
        ]
    )
    return result


class AlreadySubmitted(Exception):
    pass


def save_answers(
    assessment: Assessment, questions: Iterable[Question], values: dict[str, Any]
) -> None:
    """Store the answers of one step: a value, NA, or nothing (which clears it)."""
    questions = list(questions)
    existing = {
        a.question_id: a
        for a in Answer.objects.filter(assessment=assessment, question__in=questions)
    }
    to_create, to_update, to_delete = [], [], []
    for question in questions:
        value = values.get(question.key)
        answer = existing.get(question.pk)
        if value is None:
            if answer is not None:
                to_delete.append(answer.pk)
            continue
        is_na = value is scoring.NA
        stored = None if is_na else value
        if answer is None:
            to_create.append(
                Answer(assessment=assessment, question=question, value=stored, not_applicable=is_na)
            )
        elif answer.value != stored or answer.not_applicable != is_na:
            answer.value, answer.not_applicable = stored, is_na
            to_update.append(answer)
    if to_delete:
        Answer.objects.filter(pk__in=to_delete).delete()
    if to_create:
        Answer.objects.bulk_create(to_create)
    if to_update:
        now = timezone.now()
        for answer in to_update:
            answer.updated_at = now
        Answer.objects.bulk_update(to_update, ["value", "not_applicable", "updated_at"])
