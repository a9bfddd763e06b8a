"""The frozen snapshot of a submitted assessment: its one owner.

A submitted assessment keeps, as JSON, everything needed to show and re-score it
without the live questionnaire: the organisation as it was, the levels, and per
dimension the questions asked with their answers, labels and scores. Other modules
and apps never index that JSON: they build it with :func:`build_snapshot` and read it
through :class:`Snapshot`.

"Not applicable" is stored as the string ``"NA"`` (the JSON form of ``scoring.NA``);
:func:`encode_answer` and :func:`decode_answer` are the only crossing.

Old snapshots still read: those made before 2026-12 also carry ``"scoring"`` (a copy of
the level thresholds), which is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict

from cms.i18n import LANGUAGES, active_language, in_language

from . import scoring
from .models import Assessment
from .structure import Structure

NA_JSON = "NA"

# --- The stored shape ------------------------------------------------------------------------


class Text(TypedDict):
    vi: str
    en: str


class ChoiceData(TypedDict):
    key: str
    score: float


class ConditionData(TypedDict):
    question: str
    choices: list[str]


class QuestionData(TypedDict):
    key: str
    type: str
    weight: float
    text: Text
    value: Any  # list of choice keys, an int 0–5, or NA_JSON
    labels: dict[str, list[str]]  # language → the answer in words
    score: float | None  # 0–1, None when "not applicable"
    choices: list[ChoiceData]
    condition: ConditionData | None
    org_kinds: list[str]
    # The question's own 0–5 labels by language (scale questions that have them; absent
    # in snapshots made before 2026-12 and for the general labels).
    scale_labels: NotRequired[dict[str, list[str]]]


class DimensionData(TypedDict):
    key: str
    weight: float
    name: Text
    questions: list[QuestionData]


class LevelData(TypedDict):
    level: int
    min_score: float
    name: Text
    description: Text


class OrganisationData(TypedDict):
    name: str
    kind: str | None
    sector: str | None
    sector_name: Text | None
    administrative_unit: str | None
    administrative_unit_name: str
    size_band: str | None
    member_count: int | None


class QuestionnaireData(TypedDict):
    key: str
    version: int


class SnapshotData(TypedDict):
    questionnaire: QuestionnaireData
    organisation: OrganisationData
    levels: list[LevelData]
    dimensions: list[DimensionData]


def encode_answer(value: scoring.AnswerValue) -> Any:
    return NA_JSON if value is scoring.NA else value


def decode_answer(value: Any) -> scoring.AnswerValue:
    return scoring.NA if value == NA_JSON else value


# --- Building ----------------------------------------------------------------------------------


def build_snapshot(
    assessment: Assessment, structure: Structure, result: scoring.Result
) -> SnapshotData:
    """Everything needed to show and re-score ``assessment`` without the live questionnaire,
    from the one scoring pass that produced ``result``."""
    organisation = assessment.organisation
    unit = organisation.administrative_unit if organisation else None
    sector = organisation.sector if organisation else None
    scored = {d.key: {q.key: q for q in d.questions} for d in result.dimensions}
    dimensions: list[DimensionData] = []
    for dimension in structure.dimensions:
        asked = scored.get(dimension.key, {})
        questions: list[QuestionData] = []
        for question in structure.questions_of(dimension):
            outcome = asked.get(question.key)
            if outcome is None:
                continue
            data: QuestionData = {
                "key": question.key,
                "type": question.type,
                "weight": float(question.weight),
                "text": {"vi": question.text_vi, "en": question.text_en},
                "value": encode_answer(outcome.value),
                "labels": {
                    lang: structure.answer_labels(question, outcome.value, lang)
                    for lang in LANGUAGES
                },
                "score": None if outcome.score is None else round(outcome.score, 4),
                "choices": [
                    {"key": c.key, "score": float(c.score)} for c in question.choices.all()
                ],
                "condition": (
                    {
                        "question": question.condition_question_key,
                        "choices": list(question.condition_choice_keys),
                    }
                    if question.condition_question_key
                    else None
                ),
                "org_kinds": list(question.org_kinds or []),
            }
            own_labels = {lang: question.own_scale_labels(lang) for lang in LANGUAGES}
            if question.type == "scale" and any(own_labels.values()):
                data["scale_labels"] = {lang: labels or [] for lang, labels in own_labels.items()}
            questions.append(data)
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
            "kind": organisation.kind if organisation else None,
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
    }


# --- Reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionView:
    key: str
    weight: float
    names: Mapping[str, str]
    answered: int

    def name(self, language: str | None = None) -> str:
        return in_language(self.names, language)


@dataclass(frozen=True)
class LevelView:
    level: int
    min_score: float
    names: Mapping[str, str]
    descriptions: Mapping[str, str]

    def name(self, language: str | None = None) -> str:
        return in_language(self.names, language)

    def description(self, language: str | None = None) -> str:
        return in_language(self.descriptions, language)


@dataclass(frozen=True)
class OrganisationView:
    name: str
    kind: str | None
    sector: str | None
    sector_names: Mapping[str, str] | None
    area_name: str
    size_band: str | None = None

    def sector_name(self, language: str | None = None) -> str:
        return in_language(self.sector_names, language)


class Snapshot:
    """Typed, read-only access to a stored snapshot (any version of its shape)."""

    def __init__(self, data: Mapping[str, Any] | None):
        self._data: Mapping[str, Any] = data or {}

    @classmethod
    def of(cls, assessment: Assessment) -> Snapshot:
        return cls(assessment.snapshot)

    def __bool__(self) -> bool:
        return bool(self._data)

    @property
    def questionnaire_version(self) -> int | None:
        return (self._data.get("questionnaire") or {}).get("version")

    @property
    def organisation(self) -> OrganisationView:
        org = self._data.get("organisation") or {}
        return OrganisationView(
            name=org.get("name") or "",
            kind=org.get("kind"),
            sector=org.get("sector"),
            sector_names=org.get("sector_name"),
            area_name=org.get("administrative_unit_name") or "",
            size_band=org.get("size_band"),
        )

    @property
    def dimensions(self) -> tuple[DimensionView, ...]:
        return tuple(
            DimensionView(
                key=d["key"],
                weight=float(d["weight"]),
                names=d.get("name") or {},
                answered=len(d.get("questions") or ()),
            )
            for d in self._data.get("dimensions") or ()
        )

    def dimension_names(self, language: str | None = None) -> dict[str, str]:
        return {d.key: d.name(language) for d in self.dimensions}

    def dimension_weights(self) -> dict[str, float]:
        return {d.key: d.weight for d in self.dimensions}

    @property
    def levels(self) -> tuple[LevelView, ...]:
        return tuple(
            LevelView(
                level=int(lv["level"]),
                min_score=float(lv["min_score"]),
                names=lv.get("name") or {},
                descriptions=lv.get("description") or {},
            )
            for lv in self._data.get("levels") or ()
        )

    def level(self, number: int | None) -> LevelView | None:
        return next((lv for lv in self.levels if lv.level == number), None)

    def threshold_for(self, level: int) -> float | None:
        """The lowest overall score that reaches ``level`` in this assessment's ladder."""
        found = self.level(level)
        return found.min_score if found else None

    def answers(self) -> dict[str, scoring.AnswerValue]:
        """Question key → answer as the scoring engine takes it ("not applicable" is NA)."""
        return {
            q["key"]: decode_answer(q["value"])
            for d in self._data.get("dimensions") or ()
            for q in d.get("questions") or ()
        }

    def scale_labels(self, question_key: str, language: str | None = None) -> list[str] | None:
        """The question's own 0–5 labels as they were at submission, or None when it used
        the general ones (or the snapshot predates per-question labels)."""
        for d in self._data.get("dimensions") or ():
            for q in d.get("questions") or ():
                if q["key"] == question_key:
                    labels = q.get("scale_labels") or {}
                    language = language or active_language()
                    return labels.get(language) or None
        return None

    def spec(self) -> scoring.QuestionnaireSpec:
        """The scoring input as it was at submission, to re-derive the stored result."""
        dimensions = []
        for d in self._data.get("dimensions") or ():
            questions = []
            for q in d.get("questions") or ():
                condition = q.get("condition")
                questions.append(
                    scoring.QuestionSpec(
                        key=q["key"],
                        type=q["type"],
                        weight=q["weight"],
                        choices=tuple(
                            scoring.ChoiceSpec(c["key"], c["score"]) for c in q["choices"]
                        ),
                        org_kinds=frozenset(q.get("org_kinds") or ()),
                        condition=scoring.Condition(
                            condition["question"], frozenset(condition["choices"])
                        )
                        if condition
                        else None,
                    )
                )
            dimensions.append(scoring.DimensionSpec(d["key"], d["weight"], tuple(questions)))
        levels = tuple(scoring.LevelSpec(lv.level, lv.min_score) for lv in self.levels)
        return scoring.QuestionnaireSpec(tuple(dimensions), levels)

    def rescore(self) -> scoring.Result:
        """The result computed again from the snapshot alone."""
        return scoring.score_assessment(self.spec(), self.answers(), self.organisation.kind)
