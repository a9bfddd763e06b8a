"""Saving and reading the answers of an assessment in progress.

In the database "not applicable" is ``not_applicable=True`` with no value; everywhere
in Python it is ``scoring.NA``. These two functions are the only crossing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from . import scoring
from .models import Answer, Assessment, Question
from .prepared import PreparedRows


@functools.cache
def _stored() -> PreparedRows:
    """The answers' query, compiled once per process (every page of the flow reads it)."""
    return PreparedRows(
        Answer.objects.values_list("question__key", "value", "not_applicable"), "assessment_id"
    )


def answers_of(assessment: Assessment) -> dict[str, scoring.AnswerValue]:
    """The saved answers as question key → value, as the scoring engine takes them."""
    return {key: scoring.NA if na else value for key, value, na in _stored().rows(assessment.pk)}


def save_answers(
    assessment: Assessment,
    questions: Iterable[Question],
    values: Mapping[str, scoring.AnswerValue | None],
    *,
    current: Mapping[str, scoring.AnswerValue] | None = None,
) -> None:
    """Store the answers of one step: a value, NA, or nothing (which clears it).

    Only what changed is written, in at most two statements: one insert-or-update of
    the new and changed answers (safe against the same step posted twice at once) and
    one delete of the cleared ones. ``current`` is the stored answers as
    :func:`answers_of` gives them, when the caller has just read them; otherwise they
    are read here.
    """
    questions = list(questions)
    if current is None:
        current = answers_of(assessment)
    changed, cleared = [], []
    for question in questions:
        value = values.get(question.key)
        if value is None:
            if question.key in current:
                cleared.append(question.pk)
        elif question.key not in current or current[question.key] != value:
            is_na = value is scoring.NA
            changed.append(
                Answer(
                    assessment=assessment,
                    question=question,
                    value=None if is_na else value,
                    not_applicable=is_na,
                )
            )
    if cleared:
        Answer.objects.filter(assessment=assessment, question_id__in=cleared).delete()
    if changed:
        Answer.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["assessment", "question"],
            update_fields=["value", "not_applicable", "updated_at"],
        )
