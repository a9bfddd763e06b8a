"""Building an action plan: an assessment's scores and answers + rules → ordered actions.

Pure: no database, request or task.

Which actions make the plan: the most important first (quick wins, then the largest gap
times the dimension's weight — the gap to the manager's target level where one is set,
else to a full score —, then the rule's priority, then its key), the same rule never
twice, at most ``cap_per_horizon`` per horizon and ``max_actions`` in all, so that a plan
stays something a small business can actually do.

The one order of the plan (:func:`order_key`), which the results page, the PDF's table
and details and the dashboard checklist all print as given:
1. by horizon: now, then within 30 days, 90 days, 6 months;
2. within a horizon, quick wins first;
3. then the largest gap times the dimension's weight;
4. then the rule's priority (1 high), then its key for a stable order.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Horizon keys; the plan models and the PDF take them from here.
NOW, DAYS_30, DAYS_90, MONTHS_6 = "now", "30d", "90d", "6m"
HORIZONS = (NOW, DAYS_30, DAYS_90, MONTHS_6)
# The due date an action gets until the manager sets one: its horizon, counted from the
# day of the assessment ("now" means within the week).
HORIZON_DAYS = {NOW: 7, DAYS_30: 30, DAYS_90: 90, MONTHS_6: 182}
DEFAULT_CAP_PER_HORIZON = 4
DEFAULT_MAX_ACTIONS = 12


@dataclass(frozen=True)
class ChoiceCondition:
    question: str
    any_of: frozenset[str]


@dataclass(frozen=True)
class RuleSpec:
    key: str
    dimension: str
    horizon: str
    priority: int = 2
    quick_win: bool = False
    score_min: float | None = None
    score_max: float | None = None
    choices: tuple[ChoiceCondition, ...] = ()
    org_kinds: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PlanInput:
    """What the plan depends on, taken from an assessment's frozen snapshot."""

    dimension_scores: Mapping[str, float | None]
    dimension_weights: Mapping[str, float]
    answers: Mapping[str, object] = field(default_factory=dict)
    org_kind: str | None = None
    sector: str | None = None
    # The score a manager aims for per dimension (the threshold of the target level).
    # Where one is set, the gap is measured to it instead of to a full score.
    dimension_targets: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ChosenAction:
    rule: str
    dimension: str
    horizon: str
    quick_win: bool
    priority: int
    gap: float
    weight: float

    @property
    def urgency(self) -> float:
        return self.gap * self.weight


def _score_matches(rule: RuleSpec, score: float | None) -> bool:
    if rule.score_min is None and rule.score_max is None:
        return True
    if score is None:
        return False
    if rule.score_min is not None and score < rule.score_min:
        return False
    if rule.score_max is not None:
        # A band ending at 100 includes a perfect score.
        return score <= rule.score_max if rule.score_max >= 100 else score < rule.score_max
    return True


def _choices_match(rule: RuleSpec, answers: Mapping[str, object]) -> bool:
    if not rule.choices:
        return True
    for condition in rule.choices:
        given = answers.get(condition.question)
        if isinstance(given, (list, tuple)) and condition.any_of.intersection(given):
            return True
    return False


def matches(rule: RuleSpec, plan_input: PlanInput) -> bool:
    """Whether every condition of ``rule`` holds for this assessment."""
    if rule.org_kinds and plan_input.org_kind not in rule.org_kinds:
        return False
    if rule.sectors and plan_input.sector not in rule.sectors:
        return False
    if rule.dimension not in plan_input.dimension_scores:
        return False
    score = plan_input.dimension_scores.get(rule.dimension)
    return _score_matches(rule, score) and _choices_match(rule, plan_input.answers)


def default_due(horizon: str, assessed_on: datetime.date) -> datetime.date:
    """The due date of an action nobody has dated yet (unknown horizons: six months)."""
    return assessed_on + datetime.timedelta(days=HORIZON_DAYS.get(horizon, HORIZON_DAYS[MONTHS_6]))


def order_key(action: ChosenAction) -> tuple:
    """The plan's printed order (see the module docstring); unknown horizons go last."""
    horizon = HORIZONS.index(action.horizon) if action.horizon in HORIZONS else len(HORIZONS)
    return (horizon, not action.quick_win, -action.urgency, action.priority, action.rule)


def _importance_key(action: ChosenAction) -> tuple:
    """Which actions win a place when a horizon or the plan is full."""
    return (not action.quick_win, -action.urgency, action.priority, action.rule)


def build_plan(
    plan_input: PlanInput,
    rules: Sequence[RuleSpec],
    *,
    cap_per_horizon: int = DEFAULT_CAP_PER_HORIZON,
    max_actions: int = DEFAULT_MAX_ACTIONS,
) -> list[ChosenAction]:
    """The actions for ``plan_input`` in the plan's one order (see the module docstring)."""
    candidates: dict[str, ChosenAction] = {}
    for rule in rules:
        if rule.key in candidates or not matches(rule, plan_input):
            continue
        score = plan_input.dimension_scores.get(rule.dimension)
        aim = plan_input.dimension_targets.get(rule.dimension, 100.0)
        candidates[rule.key] = ChosenAction(
            rule=rule.key,
            dimension=rule.dimension,
            horizon=rule.horizon,
            quick_win=rule.quick_win,
            priority=rule.priority,
            gap=max(0.0, aim - (score if score is not None else 0.0)),
            weight=plan_input.dimension_weights.get(rule.dimension, 1.0),
        )
    ordered = sorted(candidates.values(), key=_importance_key)
    per_horizon: dict[str, int] = {}
    chosen: list[ChosenAction] = []
    for action in ordered:
        if per_horizon.get(action.horizon, 0) >= cap_per_horizon:
            continue
        per_horizon[action.horizon] = per_horizon.get(action.horizon, 0) + 1
        chosen.append(action)
        if len(chosen) >= max_actions:
            break
    return sorted(chosen, key=order_key)
