"""Realistic, varied load data for the statistics dashboard and its benchmark.

Each generated organisation has a hidden "maturity" that depends on its kind, sector and
ward; its answers to the published questionnaire are drawn around that maturity and
scored by the real scoring engine, and its plan is chosen by the real plan builder from
the real rules. Rows go in with ``bulk_create`` in batches.

For speed the answers themselves are not stored (no Answer rows) and the snapshot is
left empty: the dashboard reads only the scored columns. Do not load this into a
database people use; it is for measuring.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from assessment import scoring
from assessment.demo import ensure_default_questionnaire, seed_reference_data
from assessment.models import (
    ActionProgress,
    ActionStatus,
    AdministrativeUnit,
    Assessment,
    Organisation,
    Sector,
    SizeBand,
    SupportRequest,
)
from assessment.structure import load_structure
from cms.vocabulary import OrganisationKind
from recommendations import planning
from recommendations.models import ActionPlan, RecommendationRule
from recommendations.services import active_rules, import_rules, rule_spec

from . import facts
from .models import RecommendedAction

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
KINDS = [
    (OrganisationKind.HOUSEHOLD, 0.45, -0.12),
    (OrganisationKind.ENTERPRISE, 0.35, 0.08),
    (OrganisationKind.COOPERATIVE, 0.15, -0.05),
    (OrganisationKind.COOP_GROUP, 0.05, -0.15),
]
NAMES = {
    OrganisationKind.HOUSEHOLD: "Hộ kinh doanh",
    OrganisationKind.ENTERPRISE: "Công ty TNHH",
    OrganisationKind.COOPERATIVE: "HTX",
    OrganisationKind.COOP_GROUP: "Tổ hợp tác",
}
SIZES = [
    (SizeBand.MICRO, 0.7),
    (SizeBand.SMALL, 0.22),
    (SizeBand.MEDIUM, 0.06),
    (SizeBand.LARGE, 0.02),
]
# How assessments are made: most by the organisation itself, some with a community team's
# advisor, a few on paper; and a few self-made ones submitted in seconds (implausible).
MODES = [
    (Assessment.Mode.SELF, 0.8),
    (Assessment.Mode.ASSISTED, 0.14),
    (Assessment.Mode.PAPER, 0.06),
]
QUICK_SHARE = 0.04
DOWNLOAD_SHARE = 0.7
ADVISOR_USERNAME = "tu-van-vien-thu-tai"


def load_advisor():
    """The account the generated assisted and paper assessments name as their advisor."""
    user, _created = get_user_model().objects.get_or_create(
        username=ADVISOR_USERNAME, defaults={"is_active": False}
    )
    return user


def insert(model, objs: list) -> None:
    """``bulk_create``, but through COPY on PostgreSQL: Django's client-side parameter quoting
    of large JSON arrays costs more than everything else put together. Ids are taken from
    the table's sequence first, so the objects have their pk afterwards as with bulk_create."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=2000)
        return
    meta = model._meta
    fields = list(meta.concrete_fields)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [meta.db_table, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
            for f in fields:
                f.pre_save(obj, add=True)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        raw = cursor.cursor  # psycopg's own cursor: COPY runs in C
        with raw.copy(
            f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        ) as copy:
            for obj in objs:
                copy.write_row(
                    [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
                )


@contextmanager
def historic_timestamps() -> Iterator[None]:
    """Let bulk_create keep the generated creation dates instead of "now"."""
    fields = [Assessment._meta.get_field("created_at"), Organisation._meta.get_field("created_at")]
    saved = [f.auto_now_add for f in fields]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in zip(fields, saved, strict=True):
            f.auto_now_add = value


@dataclass(frozen=True)
class Outcome:
    overall: Decimal | None
    level: int | None
    dimension_scores: dict[str, float | None]
    actions: list[dict]


class Pool:
    """Scored answer sets and their plans, drawn per (kind, sector, maturity band).

    Scoring and plan building cost about 2 ms an assessment; a few thousand distinct
    answer sets, each scored by the real engine and planned by the real builder, reused
    across organisations of the same kind, sector and band, keep 100,000 assessments fast
    and still varied.
    """

    PER_CELL = 6

    def __init__(self, spec, rules, rng: random.Random) -> None:
        self.spec = spec
        self.rules = rules
        self.specs = [rule_spec(rule) for rule in rules.values()]
        self.weights = {d.key: d.weight for d in spec.dimensions}
        self.rng = rng
        self.cells: dict[tuple[str, str, int], list[Outcome]] = {}

    def outcome(self, kind: str, sector: str, maturity: float) -> Outcome:
        band = round(min(1.0, max(0.0, maturity)) * 20)
        cell = self.cells.setdefault((kind, sector, band), [])
        if len(cell) >= self.PER_CELL:
            return self.rng.choice(cell)
        answers = {
            q.key: _answer(q, band / 20, self.rng)
            for d in self.spec.dimensions
            for q in d.questions
        }
        result = scoring.score_assessment(self.spec, answers, kind)
        scores = {d.key: d.score for d in result.dimensions}
        chosen = planning.build_plan(
            planning.PlanInput(
                dimension_scores=scores,
                dimension_weights=self.weights,
                answers={k: v for k, v in answers.items() if v is not scoring.NA},
                org_kind=kind,
                sector=sector,
            ),
            self.specs,
        )
        outcome = Outcome(
            overall=None
            if result.overall is None
            else Decimal(str(result.overall)).quantize(Decimal("0.01")),
            level=result.level,
            dimension_scores=scores,
            actions=[_action_data(self.rules[c.rule], c) for c in chosen],
        )
        cell.append(outcome)
        return outcome


@dataclass
class Counts:
    organisations: int = 0
    assessments: int = 0
    plans: int = 0
    actions: int = 0
    progress: int = 0
    support_requests: int = 0


def _answer(question: scoring.QuestionSpec, maturity: float, rng: random.Random):
    level = min(1.0, max(0.0, rng.gauss(maturity, 0.18)))
    if question.type == "scale":
        return round(level * 5)
    if question.type == "tristate":
        return ["no" if level < 0.35 else "partly" if level < 0.7 else "yes"]
    if not question.choices:
        return scoring.NA
    ordered = sorted(question.choices, key=lambda c: c.score)
    if question.type == "multi":
        picked = [c.key for c in ordered if rng.random() < level and c.score > 0]
        return picked or [ordered[0].key]
    return [ordered[min(len(ordered) - 1, int(level * len(ordered)))].key]


def generate(
    assessments: int,
    *,
    seed: int = 17,
    batch: int = 2000,
    months: int = 18,
    today: date | None = None,
) -> Counts:
    """Add about ``assessments`` submitted assessments (plus drafts, plans, progress, requests)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    seed_reference_data()
    questionnaire = ensure_default_questionnaire()
    if not RecommendationRule.objects.exists():
        import_rules()
    structure = load_structure(questionnaire)
    pool = Pool(structure.spec(), {rule.key: rule for rule in active_rules()}, rng)
    advisor = load_advisor()
    units = list(AdministrativeUnit.objects.all())
    sectors = list(Sector.objects.all())
    unit_shift = {u.pk: rng.uniform(-0.12, 0.12) for u in units}
    sector_shift = {s.pk: rng.uniform(-0.1, 0.1) for s in sectors}
    end = today or date.today()
    start = end - timedelta(days=30 * months)
    span = (end - start).days
    counts = Counts()

    def moment(day_offset: int) -> datetime:
        day = start + timedelta(days=max(0, min(span, day_offset)))
        return datetime(
            day.year, day.month, day.day, rng.randint(7, 21), rng.randint(0, 59), tzinfo=ZONE
        )

    remaining = assessments
    with historic_timestamps():
        while remaining > 0:
            size = min(batch, remaining)
            with transaction.atomic():
                made = _batch(
                    size,
                    rng,
                    questionnaire,
                    pool,
                    units,
                    sectors,
                    unit_shift,
                    sector_shift,
                    span,
                    moment,
                    counts,
                    advisor,
                )
            remaining -= made
    # Rows went in without signals: rewrite the dashboard's copies once, in SQL.
    facts.refresh()
    return counts


def _batch(
    size,
    rng,
    questionnaire,
    pool,
    units,
    sectors,
    unit_shift,
    sector_shift,
    span,
    moment,
    counts: Counts,
    advisor,
) -> int:
    profiles = []
    organisations = []
    n_orgs = max(1, round(size / 1.25))  # a quarter come back for a second assessment
    for i in range(n_orgs):
        kind, _share, shift = rng.choices(KINDS, weights=[k[1] for k in KINDS])[0]
        unit, sector = rng.choice(units), rng.choice(sectors)
        maturity = min(
            0.95,
            max(
                0.05, rng.gauss(0.42 + shift + unit_shift[unit.pk] + sector_shift[sector.pk], 0.17)
            ),
        )
        first_day = rng.randint(0, span)
        organisations.append(
            Organisation(
                name=f"{NAMES[kind]} thử tải {counts.organisations + i}",
                kind=kind,
                sector=sector,
                administrative_unit=unit,
                size_band=rng.choices([s for s, _w in SIZES], weights=[w for _s, w in SIZES])[0],
                member_count=rng.randint(7, 120) if kind == OrganisationKind.COOPERATIVE else None,
                created_at=moment(first_day),
            )
        )
        profiles.append((maturity, first_day))
    insert(Organisation, organisations)
    counts.organisations += len(organisations)

    rows: list[tuple[Assessment, Outcome]] = []
    made = 0
    for org, (maturity, first_day) in zip(organisations, profiles, strict=True):
        visits = 2 if rng.random() < 0.3 else 1
        for visit in range(visits):
            if made >= size:
                break
            day = first_day + visit * rng.randint(60, 240)
            if day > span:
                break
            outcome = pool.outcome(org.kind, org.sector.key, maturity + 0.08 * visit)
            when = moment(day)
            mode = rng.choices([m for m, _w in MODES], weights=[w for _m, w in MODES])[0]
            if mode == Assessment.Mode.SELF and rng.random() < QUICK_SHARE:
                took = timedelta(seconds=rng.randint(15, 110))
            else:
                took = timedelta(minutes=rng.randint(8, 40))
            assessment = Assessment(
                questionnaire=questionnaire,
                organisation=org,
                status=Assessment.Status.SUBMITTED,
                consent_statistics=rng.random() > 0.06,
                steps_done=len(pool.spec.dimensions),
                created_at=when - took,
                submitted_at=when,
                mode=mode,
                assisted_by=None if mode == Assessment.Mode.SELF else advisor,
                overall_score=outcome.overall,
                level=outcome.level,
                dimension_scores=outcome.dimension_scores,
            )
            rows.append((assessment, outcome))
            made += 1
    drafts = [
        Assessment(
            questionnaire=questionnaire,
            organisation=org,
            steps_done=rng.randint(0, 5),
            created_at=moment(first_day + rng.randint(0, 30)),
        )
        for org, (_m, first_day) in zip(organisations, profiles, strict=True)
        if rng.random() < 0.12
    ]
    insert(Assessment, [r[0] for r in rows] + drafts)
    counts.assessments += made

    plans = [
        ActionPlan(
            assessment=assessment,
            status=ActionPlan.Status.READY if rng.random() > 0.02 else ActionPlan.Status.FAILED,
            actions=outcome.actions,
            queued_at=assessment.submitted_at,
            finished_at=assessment.submitted_at + timedelta(seconds=2),
            **_downloads(rng, assessment.submitted_at),
        )
        for assessment, outcome in rows
    ]
    insert(ActionPlan, plans)
    actions = facts.action_rows(plans)
    insert(RecommendedAction, actions)
    counts.plans += len(plans)
    counts.actions += len(actions)

    progress, requests, seen = [], [], set()
    for (assessment, _outcome), plan in zip(rows, plans, strict=True):
        org = assessment.organisation
        if org.pk in seen:
            continue
        seen.add(org.pk)
        if rng.random() < 0.35:
            for action in plan.actions[: rng.randint(1, 5)]:
                status = rng.choice(
                    [ActionStatus.DONE, ActionStatus.DONE, ActionStatus.IN_PROGRESS]
                )
                progress.append(
                    ActionProgress(
                        organisation=org,
                        rule_key=action["rule"],
                        status=status,
                        done_on=(
                            assessment.submitted_at + timedelta(days=rng.randint(3, 90))
                        ).date()
                        if status == ActionStatus.DONE
                        else None,
                    )
                )
        if rng.random() < 0.1:
            requests.append(
                SupportRequest(
                    organisation=org,
                    assessment=assessment,
                    needs=rng.sample(SupportRequest.Need.values, rng.randint(1, 3)),
                    channel=rng.choice(SupportRequest.Channel.values),
                    contact_name="Người liên hệ",
                    phone="0900000000",
                )
            )
    insert(ActionProgress, progress)
    insert(SupportRequest, requests)
    counts.progress += len(progress)
    counts.support_requests += len(requests)
    return made


def _downloads(rng: random.Random, submitted_at: datetime) -> dict:
    if rng.random() >= DOWNLOAD_SHARE:
        return {}
    return {
        "download_count": rng.randint(1, 3),
        "first_downloaded_at": submitted_at + timedelta(seconds=rng.randint(10, 600)),
    }


def _action_data(rule: RecommendationRule, chosen: planning.ChosenAction) -> dict:
    """The stored shape of one action (as recommendations.services.choose_actions writes it),
    without the explanations, links and guidance pages: load data does not need them, and
    100,000 plans with them would be a gigabyte of JSON."""
    return {
        "rule": rule.key,
        "dimension": rule.dimension_key,
        "title": {"vi": rule.title_vi, "en": rule.title_en},
        "explanation": {"vi": "", "en": ""},
        "priority": rule.priority,
        "horizon": rule.horizon,
        "effort": rule.effort,
        "cost": rule.cost,
        "quick_win": rule.quick_win,
        "gap": round(chosen.gap, 2),
        "links": [],
        "guidance_pages": [],
    }
