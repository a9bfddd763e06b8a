"""Saving and reading the answers of an assessment in progress.

In the database "not applicable" is ``not_applicable=True`` with no value; everywhere
in Python it is ``scoring.NA``. These two functions are the only crossing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils import timezone

from . import scoring
from .models import Answer, Assessment, Question


def answers_of(assessment: Assessment) -> dict[str, scoring.AnswerValue]:
    """The saved answers as question key → value, as the scoring engine takes them."""
    values: dict[str, scoring.AnswerValue] = {}
    for key, value, na in assessment.answers.values_list(
        "question__key", "value", "not_applicable"
    ):
        values[key] = scoring.NA if na else value
    return values


def save_answers(
    assessment: Assessment,
    questions: Iterable[Question],
    values: Mapping[str, scoring.AnswerValue | None],
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
