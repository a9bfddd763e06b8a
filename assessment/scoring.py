"""The scoring engine: plain data in, plain data out, no database or request in sight.

The rules, also published on the "how we score" page:

1. Each answer maps to a number from 0 to 1:
   single choice → the chosen choice's score; multiple choice → the sum of the chosen
   choices' scores divided by the sum of all of its choices' scores; adoption scale →
   value / 5; no / partly / yes → 0 / 0.5 / 1.
2. A question is left out when it was answered "not applicable", left unanswered
   (optional questions only), does not apply to the organisation's kind, or depends on
   an earlier answer that was not given.
3. A dimension's score is the weighted mean of its remaining answers × 100. A dimension
   with no remaining answer has no score and is left out of the overall score.
4. The overall score is the weighted mean of the dimension scores.
5. The level is the highest rung whose threshold the overall score reaches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

SCALE_MAX = 5
TRISTATE_SCORES: Mapping[str, float] = {"no": 0.0, "partly": 0.5, "yes": 1.0}


class NotApplicable:
    """The answer "not applicable"; use the module constant ``NA``."""

    _instance: NotApplicable | None = None

    def __new__(cls) -> NotApplicable:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NA"


NA = NotApplicable()

#: An answer: choice keys (single, multi, tristate), an int 0–5 (scale) or NA.
AnswerValue = Sequence[str] | int | NotApplicable


@dataclass(frozen=True)
class ChoiceSpec:
    key: str
    score: float


@dataclass(frozen=True)
class Condition:
    question: str
    choices: frozenset[str]


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    type: str
    weight: float = 1.0
    choices: tuple[ChoiceSpec, ...] = ()
    org_kinds: frozenset[str] = frozenset()
    condition: Condition | None = None


@dataclass(frozen=True)
class DimensionSpec:
    key: str
    weight: float
    questions: tuple[QuestionSpec, ...]


@dataclass(frozen=True)
class LevelSpec:
    level: int
    min_score: float


@dataclass(frozen=True)
class QuestionnaireSpec:
    dimensions: tuple[DimensionSpec, ...]
    levels: tuple[LevelSpec, ...]

    def question(self, key: str) -> QuestionSpec | None:
        for dimension in self.dimensions:
            for question in dimension.questions:
                if question.key == key:
                    return question
        return None


@dataclass(frozen=True)
class QuestionResult:
    """One asked and answered question: its value and what it contributed (0–1, or
    ``None`` when the answer was "not applicable")."""

    key: str
    value: AnswerValue
    score: float | None


@dataclass(frozen=True)
class DimensionResult:
    key: str
    weight: float
    score: float | None
    answered: int
    counted: int
    questions: tuple[QuestionResult, ...] = ()


@dataclass(frozen=True)
class Result:
    overall: float | None
    level: int | None
    dimensions: tuple[DimensionResult, ...] = field(default_factory=tuple)

    def dimension(self, key: str) -> DimensionResult | None:
        return next((d for d in self.dimensions if d.key == key), None)


def display_score(score: float | None) -> int | None:
    """The whole number a score is shown as, everywhere (web, PDF, charts, "up N points").

    Half rounds up (62.5 → 63), as people round, not to even as Python's ``round`` does.
    """
    if score is None:
        return None
    return int(Decimal(str(score)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class InvalidAnswer(ValueError):
    """An answer that the question cannot have (a tampered or stale value)."""


def answer_score(question: QuestionSpec, value: AnswerValue) -> float | None:
    """Map one answer to 0–1, or ``None`` when it is "not applicable"."""
    if value is NA:
        return None
    if question.type == "scale":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= SCALE_MAX:
            raise InvalidAnswer(f"{question.key}: scale answers are whole numbers 0–{SCALE_MAX}")
        return value / SCALE_MAX
    if isinstance(value, (str, int)) or not isinstance(value, Sequence):
        raise InvalidAnswer(f"{question.key}: expected a list of choice keys")
    keys = list(value)
    if question.type == "tristate":
        if len(keys) != 1 or keys[0] not in TRISTATE_SCORES:
            raise InvalidAnswer(f"{question.key}: answer no, partly or yes")
        return TRISTATE_SCORES[keys[0]]
    scores = {choice.key: choice.score for choice in question.choices}
    unknown = [key for key in keys if key not in scores]
    if unknown or not keys or len(set(keys)) != len(keys):
        raise InvalidAnswer(f"{question.key}: unknown or repeated choice {unknown}")
    if question.type == "single":
        if len(keys) != 1:
            raise InvalidAnswer(f"{question.key}: choose exactly one")
        return scores[keys[0]]
    if question.type == "multi":
        total = sum(scores.values())
        return sum(scores[key] for key in keys) / total if total else 0.0
    raise InvalidAnswer(f"{question.key}: unknown question type {question.type!r}")


def is_for_kind(question: QuestionSpec, org_kind: str | None) -> bool:
    """Whether ``question`` is meant for this kind of organisation (empty: for everyone)."""
    return not question.org_kinds or org_kind in question.org_kinds


def is_asked(
    question: QuestionSpec, answers: Mapping[str, AnswerValue], org_kind: str | None
) -> bool:
    """Whether the organisation is shown ``question`` given the answers so far."""
    if not is_for_kind(question, org_kind):
        return False
    if question.condition is None:
        return True
    given = answers.get(question.condition.question)
    if given is None or given is NA or isinstance(given, int):
        return False
    return bool(question.condition.choices.intersection(given))


def _weighted_mean(pairs: Sequence[tuple[float, float]]) -> float | None:
    total_weight = sum(weight for _, weight in pairs)
    if not pairs or total_weight <= 0:
        return None
    return sum(value * weight for value, weight in pairs) / total_weight


def level_for(score: float | None, levels: Sequence[LevelSpec]) -> int | None:
    """The highest level whose threshold ``score`` reaches."""
    if score is None or not levels:
        return None
    reached = [lv.level for lv in levels if score + 1e-9 >= lv.min_score]
    return max(reached) if reached else min(lv.level for lv in levels)


def score_assessment(
    spec: QuestionnaireSpec,
    answers: Mapping[str, AnswerValue],
    org_kind: str | None = None,
) -> Result:
    """Score ``answers`` (question key → value) against ``spec``. See the module docstring."""
    dimension_results: list[DimensionResult] = []
    for dimension in spec.dimensions:
        pairs: list[tuple[float, float]] = []
        asked: list[QuestionResult] = []
        for question in dimension.questions:
            if question.key not in answers or not is_asked(question, answers, org_kind):
                continue
            value = answers[question.key]
            score = answer_score(question, value)
            asked.append(QuestionResult(key=question.key, value=value, score=score))
            if score is not None:
                pairs.append((score, question.weight))
        mean = _weighted_mean(pairs)
        dimension_results.append(
            DimensionResult(
                key=dimension.key,
                weight=dimension.weight,
                score=None if mean is None else round(mean * 100, 2),
                answered=len(asked),
                counted=len(pairs),
                questions=tuple(asked),
            )
        )
    overall = _weighted_mean(
        [(d.score, d.weight) for d in dimension_results if d.score is not None]
    )
    overall = None if overall is None else round(overall, 2)
    return Result(
        overall=overall, level=level_for(overall, spec.levels), dimensions=tuple(dimension_results)
    )
