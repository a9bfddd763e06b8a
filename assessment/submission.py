"""Submitting an assessment: score once, freeze the snapshot, announce it."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from . import scoring
from .answers import answers_of
from .claimcodes import issue as issue_claim_code
from .models import Assessment
from .signals import assessment_submitted
from .snapshot import build_snapshot
from .structure import Structure


class AlreadySubmitted(Exception):
    pass


# No savepoint of its own: inside a caller's transaction, a failure here fails it whole.
@transaction.atomic(savepoint=False)
def submit_assessment(
    assessment: Assessment,
    structure: Structure,
    *,
    language: str = "vi",
    locked_answers: dict[str, scoring.AnswerValue] | None = None,
) -> scoring.Result:
    """Score, snapshot and freeze ``assessment``, then send ``assessment_submitted`` inside
    the same transaction (receivers' writes commit or roll back with it).

    ``locked_answers``: the caller read ``assessment`` with its row locked
    (``select_for_update``) in the transaction this runs in, found it not submitted, and
    read these answers after; they are scored as they are. Otherwise the row is locked
    and the answers read here.

    Raises ``AlreadySubmitted`` the second time.
    """
    answers = locked_answers
    if answers is None:
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.is_submitted:
            raise AlreadySubmitted
        answers = answers_of(assessment)
    kind = assessment.organisation.kind if assessment.organisation else None
    result = scoring.score_assessment(structure.spec(), answers, kind)
    assessment.snapshot = build_snapshot(assessment, structure, result)
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
    if assessment.mode != Assessment.Mode.SELF and assessment.assisted_by_id:
        # Made by an advisor: the code the organisation claims it with, printed on the plan.
        issue_claim_code(assessment, by=assessment.assisted_by)
    assessment_submitted.send(sender=Assessment, assessment=assessment, language=language)
    return result
