"""``choice_keys`` (what the tamper check and the submit's answer check read) names exactly
the answers ``choice_options`` offers, for every type of question, without their labels."""

from __future__ import annotations

import pytest

from assessment.models import QuestionType
from assessment.structure import choice_keys, choice_options, load_structure
from tests.assessment.test_flow import default_questionnaire

pytestmark = pytest.mark.django_db
__all__ = ["default_questionnaire"]  # the fixture, imported for pytest


def test_every_question_offers_the_keys_choice_keys_names(default_questionnaire):
    questions = list(load_structure(default_questionnaire).questions)
    types = {question.type for question in questions}
    assert {QuestionType.SCALE, QuestionType.TRISTATE, QuestionType.MULTI} <= types
    for question in questions:
        for language in ("vi", "en"):
            offered = [key for key, _label in choice_options(question, language)]
            assert choice_keys(question) == offered, question.key
