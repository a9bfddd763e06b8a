"""Rewrites the dashboard's narrow copies (AssessmentFact, RecommendedAction's columns).

Plain INSERT … SELECT / UPDATE … FROM statements that PostgreSQL and SQLite (≥ 3.33) both
run, so a refresh costs a few statements whatever the number of rows: per organisation
when one of its assessments, plans or its own record is saved, and for everything after
a bulk load (``generate_load_data``) or from ``manage.py refresh_center_statistics``.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef

from assessment.models import Assessment, Dimension, Organisation
from recommendations.models import ActionPlan
from recommendations.plans import frozen_actions

from .models import DimensionSlot, PendingCopy, RecommendedAction

logger = logging.getLogger(__name__)

FACT_COLUMNS = (
    "assessment_id, organisation_id, submitted_at, started_at, mode, plausible, kind, "
    "sector_id, unit_id, size_band, scored, overall, level, dimension_scores, "
    "previous_at, previous_scored_at"
)


def slots() -> dict[str, int]:
    """Dimension key → score column number (one query)."""
    return dict(DimensionSlot.objects.values_list("key", "slot"))


def ensure_slots() -> dict[str, int]:
    """Give every dimension key of every questionnaire a slot if a free one is left.

    One query reads the slots and the keys that have none (every submit refreshes facts).
    """
    slot_table, dimension_table = DimensionSlot._meta.db_table, Dimension._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT key, slot FROM {slot_table} UNION ALL "  # noqa: S608 (table names)
            f"SELECT DISTINCT key, CAST(NULL AS INTEGER) FROM {dimension_table} "
            f"WHERE key NOT IN (SELECT key FROM {slot_table})"
        )
        rows = cursor.fetchall()
    known = {key: slot for key, slot in rows if slot is not None}
    new = sorted(key for key, slot in rows if slot is None)
    free = [n for n in range(1, DimensionSlot.SLOTS + 1) if n not in known.values()]
    if new and free:
        try:
            with transaction.atomic():
                DimensionSlot.objects.bulk_create(
                    [DimensionSlot(key=k, slot=n) for k, n in zip(new, free, strict=False)]
                )
        except IntegrityError:
            pass  # a concurrent refresh gave them out first: read what it wrote
        known = slots()
    return known


def score_sql(slot_map: dict[str, int]) -> tuple[str, str, list]:
    """The score columns and the expressions that read them out of ``a.dimension_scores``
    (numbers only: anything else is NULL, as a missing key)."""
    columns, expressions, params = [], [], []
    for key, slot in sorted(slot_map.items(), key=lambda item: item[1]):
        columns.append(f"score_{int(slot)}")
        if connection.vendor == "postgresql":
            expressions.append(
                "CASE WHEN jsonb_typeof(a.dimension_scores -> %s) = 'number' "
                "THEN CAST(a.dimension_scores ->> %s AS double precision) END"
            )
            params += [key, key]
        else:
            path = '$."' + key.replace('"', "") + '"'
            expressions.append(
                "CASE WHEN json_type(a.dimension_scores, %s) IN ('real', 'integer') "
                "THEN CAST(json_extract(a.dimension_scores, %s) AS REAL) END"
            )
            params += [path, path]
    return "".join(f", {c}" for c in columns), "".join(f", {e}" for e in expressions), params


COPIED_TO_ACTIONS = (
    "organisation_id",
    "submitted_at",
    "kind",
    "sector_id",
    "unit_id",
    "scored",
    "mode",
)


def differs(a: str, b: str) -> str:
    """``a IS DISTINCT FROM b`` in SQL that PostgreSQL and SQLite both run."""
    return f"({a} <> {b} OR ({a} IS NULL) <> ({b} IS NULL))"


def plausible_sql(organisation_id: int | None) -> tuple[str, list]:
    """``AssessmentQuerySet.plausible()``'s ids as SQL, so the facts apply exactly the rule
    that the home page and the benchmarks apply, on either database."""
    sql, params = _plausible_sql(
        connection.vendor, settings.PLAUSIBLE_MIN_SECONDS, organisation_id is not None
    )
    if organisation_id is None:
        return sql, list(params)
    return sql, [*params[:-1], organisation_id]


# Stands for the organisation in the compiled SQL (its last parameter).
_SOME_ORGANISATION = -7_340_219


@functools.lru_cache(maxsize=8)
def _plausible_sql(vendor: str, min_seconds: int, one: bool) -> tuple[str, tuple]:
    """The SQL of :func:`plausible_sql`, compiled once per process (and database, and
    setting): every submit refreshes its organisation's facts with it."""
    query = Assessment.objects.plausible()
    if one:
        query = query.filter(organisation_id=_SOME_ORGANISATION)
    sql, params = query.order_by().values("id").query.sql_with_params()
    if one and params[-1] != _SOME_ORGANISATION:
        raise RuntimeError("plausible_sql: the organisation is not the last parameter")
    return sql, tuple(params)


def statements(organisation_id: int | None, *, actions: bool = True) -> list[tuple[str, list]]:
    """The refresh, as (sql, params) pairs, for one organisation or (``None``) for all;
    without the plan actions' copy when ``actions`` is false."""
    real = "double precision" if connection.vendor == "postgresql" else "REAL"
    one = organisation_id is not None
    params = [organisation_id] if one else []
    delete = "DELETE FROM center_assessmentfact"
    if one:
        # An assessment moved to another organisation leaves its old fact behind: drop by both.
        delete += (
            " WHERE organisation_id = %s OR assessment_id IN "
            "(SELECT id FROM assessment_assessment WHERE organisation_id = %s)"
        )
    plausible, plausible_params = plausible_sql(organisation_id)
    score_columns, score_values, score_params = score_sql(ensure_slots())
    # Only constant fragments (and Django's own compiled SQL) are joined below; values go
    # in as parameters.
    return [
        (delete, params * 2),
        (
            f"INSERT INTO center_assessmentfact ({FACT_COLUMNS}{score_columns}) "  # noqa: S608
            "SELECT a.id, a.organisation_id, a.submitted_at, a.created_at, a.mode, "
            "(p.id IS NOT NULL), o.kind, o.sector_id, o.administrative_unit_id, o.size_band, "
            "(p.id IS NOT NULL AND a.consent_statistics AND a.overall_score IS NOT NULL), "
            f"CAST(a.overall_score AS {real}), a.level, a.dimension_scores, "
            # The organisation's previous plausible (resp. scored) submission: a row whose
            # previous one is before the period is the organisation's first in it, so
            # organisations are counted as rows instead of COUNT(DISTINCT) (queries.py).
            "LAG(a.submitted_at) OVER (PARTITION BY a.organisation_id, (p.id IS NOT NULL) "
            "ORDER BY a.submitted_at, a.id), "
            "LAG(a.submitted_at) OVER (PARTITION BY a.organisation_id, "
            "(p.id IS NOT NULL AND a.consent_statistics AND a.overall_score IS NOT NULL) "
            f"ORDER BY a.submitted_at, a.id){score_values} "
            "FROM assessment_assessment a "
            "JOIN assessment_organisation o ON o.id = a.organisation_id "
            f"LEFT JOIN ({plausible}) p ON p.id = a.id "
            "WHERE a.status = %s AND a.submitted_at IS NOT NULL"
            + (" AND a.organisation_id = %s" if one else ""),
            [*score_params, *plausible_params, Assessment.Status.SUBMITTED, *params],
        ),
        *(action_statements(organisation_id) if actions else ()),
    ]


def action_statements(organisation_id: int | None) -> list[tuple[str, list]]:
    """The plan actions' copied columns, from the facts (as they are now), then their
    previous recommendations."""
    return [_copy_statement(organisation_id), _previous_statement(organisation_id)]


def _copy_statement(organisation_id: int | None) -> tuple[str, list]:
    one = organisation_id is not None
    params = [organisation_id] if one else []
    return (
        "UPDATE center_recommendedaction SET "  # noqa: S608
        "organisation_id = center_assessmentfact.organisation_id, "
        "submitted_at = center_assessmentfact.submitted_at, "
        "kind = center_assessmentfact.kind, sector_id = center_assessmentfact.sector_id, "
        "unit_id = center_assessmentfact.unit_id, scored = center_assessmentfact.scored, "
        "mode = center_assessmentfact.mode "
        "FROM center_assessmentfact "
        "WHERE center_assessmentfact.assessment_id = center_recommendedaction.assessment_id"
        + (" AND center_assessmentfact.organisation_id = %s" if one else "")
        # Only rows that change: a million unchanged rows rewritten would double the table.
        + " AND ("
        + " OR ".join(
            differs(f"center_recommendedaction.{c}", f"center_assessmentfact.{c}")
            for c in COPIED_TO_ACTIONS
        )
        + ")",
        params,
    )


def _previous_statement(organisation_id: int | None) -> tuple[str, list]:
    # The previous scored recommendation of the same action to the same organisation, made
    # in any way and made in the same way (for the mode filter).
    one = organisation_id is not None
    params = [organisation_id] if one else []
    return (
        "UPDATE center_recommendedaction SET previous_at = w.prev, "  # noqa: S608
        "previous_same_mode_at = w.prev_mode FROM ("
        "SELECT id, LAG(submitted_at) OVER ("
        "PARTITION BY organisation_id, rule_key ORDER BY submitted_at, id) AS prev, "
        "LAG(submitted_at) OVER ("
        "PARTITION BY organisation_id, rule_key, mode ORDER BY submitted_at, id) AS prev_mode "
        "FROM center_recommendedaction WHERE scored"
        + (" AND organisation_id = %s" if one else "")
        + ") w WHERE w.id = center_recommendedaction.id AND ("
        + differs("center_recommendedaction.previous_at", "w.prev")
        + " OR "
        + differs("center_recommendedaction.previous_same_mode_at", "w.prev_mode")
        + ")",
        params,
    )


def refresh(organisation_id: int | None = None, *, actions: bool = True) -> None:
    """Rewrite the copies of one organisation's assessments, or of all when ``None``
    (``actions=False``: the facts only, when the caller knows no plan action's copied
    columns can change)."""
    _execute(statements(organisation_id, actions=actions))
    if organisation_id is None:
        tidy()


def copy_plan(plan_id: int, assessment_id: int, actions: list[tuple[str, str]]) -> None:
    """A new plan's (rule key, dimension key) pairs as the dashboard's rows, each with its
    columns copied from its assessment's fact in the same statement (a new plan changes no
    earlier fact, so only its own rows need the copy); the caller dates them after
    (``_previous_statement``)."""
    if not actions:
        return
    picked = " UNION ALL ".join(
        ["SELECT %s AS rule_key, %s AS dimension_key"] + ["SELECT %s, %s"] * (len(actions) - 1)
    )
    insert = (
        "INSERT INTO center_recommendedaction "  # noqa: S608 (only placeholders joined in)
        "(plan_id, assessment_id, rule_key, dimension_key, "
        "organisation_id, submitted_at, kind, sector_id, unit_id, scored, mode) "
        "SELECT %s, %s, r.rule_key, r.dimension_key, f.organisation_id, f.submitted_at, "
        "COALESCE(f.kind, ''), f.sector_id, f.unit_id, COALESCE(f.scored, %s), "
        f"COALESCE(f.mode, '') FROM ({picked}) r "
        "LEFT JOIN center_assessmentfact f ON f.assessment_id = %s "
        # WHERE: SQLite would read the ON of ON CONFLICT as the join's.
        "WHERE 1 = 1 ON CONFLICT DO NOTHING"
    )
    params = [plan_id, assessment_id, False, *(v for pair in actions for v in pair), assessment_id]
    with connection.cursor() as cursor:
        cursor.execute(insert, params)


def action_rows(plans: Iterable[ActionPlan]) -> list[RecommendedAction]:
    """One row per action of each plan, read through the plan's typed reader."""
    rows: list[RecommendedAction] = []
    for plan in plans:
        seen: set[str] = set()
        try:
            actions = frozen_actions(plan)
        except (KeyError, TypeError, ValueError):
            # A statistics copy must never stop a plan from being requested: a plan
            # whose actions cannot be read is left out of the counts (and logged).
            logger.warning("plan %s: actions unreadable, left out of the statistics", plan.pk)
            continue
        for action in actions:
            if action.rule in seen:
                continue
            seen.add(action.rule)
            rows.append(
                RecommendedAction(
                    plan_id=plan.pk,
                    assessment_id=plan.assessment_id,
                    rule_key=action.rule,
                    dimension_key=action.dimension,
                )
            )
    return rows


def copy_pending(limit: int | None = 500) -> int:
    """Bring the copies of every organisation with a ``PendingCopy`` up to date: its facts
    rewritten, then the actions of its plans that have none copied yet; its pending rows
    deleted in the same transaction. At most ``limit`` organisations per call (the rest at
    the next; ``None``: all). Returns how many were copied.
    """
    organisation_ids = list(
        PendingCopy.objects.order_by("organisation_id")
        .values_list("organisation_id", flat=True)
        .distinct()[:limit]
    )
    copied = 0
    for organisation_id in organisation_ids:
        try:
            copied += _copy_pending_of(organisation_id)
        except Exception:
            # One organisation's failure (logged, its rows kept for the next copy) must not
            # keep the others out of the statistics.
            logger.exception("statistics copy of organisation %s failed", organisation_id)
    return copied


def _copy_pending_of(organisation_id: int) -> int:
    with transaction.atomic():
        # One copier per organisation at a time (beat's and a dashboard's): the second
        # waits for the first to commit, then finds its rows gone (or newer ones).
        locked = Organisation.objects.select_for_update().filter(pk=organisation_id)
        if not locked.values_list("pk", flat=True):
            return 0  # deleted since: its pending rows went with it
        pending = list(
            PendingCopy.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True)
        )
        if not pending:
            return 0
        copy_organisation(organisation_id)
        PendingCopy.objects.filter(pk__in=pending).delete()
        return 1


def copy_organisation(organisation_id: int) -> None:
    """The organisation's facts, then the rows of each of its plans that has none (a plan
    with no action has none either way), dated in one statement at the end."""
    refresh(organisation_id, actions=False)
    plans = (
        ActionPlan.objects.filter(assessment__organisation_id=organisation_id)
        .exclude(Exists(RecommendedAction.objects.filter(plan_id=OuterRef("pk"))))
        .order_by("pk")
    )
    copied = False
    for plan in plans:
        pairs = [(row.rule_key, row.dimension_key) for row in action_rows([plan])]
        if pairs:
            copy_plan(plan.pk, plan.assessment_id, pairs)
            copied = True
    if copied:
        with connection.cursor() as cursor:
            cursor.execute(*_previous_statement(organisation_id))


def _execute(pairs: list[tuple[str, list]]) -> None:
    # All or nothing; inside a caller's transaction (a save, a pending copy) no savepoint of
    # its own: a failure rolls the caller's transaction back too, which is what it wants.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        for sql, params in pairs:
            cursor.execute(sql, params)


def tidy() -> None:
    """After rewriting everything, on PostgreSQL: fresh planner statistics, and the dead
    rows of the rewrite made reusable (VACUUM, when not inside a transaction), so the
    tables the dashboard scans do not grow with every refresh."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            cursor.execute("ANALYZE center_assessmentfact")
            cursor.execute("ANALYZE center_recommendedaction")
            return
        # The facts are all rewritten: compact them (100,000 rows take seconds). The plan
        # actions are updated only where they change: their dead rows are made reusable.
        cursor.execute("VACUUM (FULL, ANALYZE) center_assessmentfact")
        cursor.execute("VACUUM (ANALYZE) center_recommendedaction")
