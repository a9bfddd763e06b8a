"""The default questionnaire data file follows the schema the loader expects.

What publishing checks (keys unique, weights positive, conditions point backwards,
levels rising from 0, choice questions have choices) is checked by the project's own
validator on the imported file; the rest are promises of the file the loader does not
enforce (it fills in defaults silently, so a misspelt field would go unnoticed).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from assessment.models import Question, QuestionType
from assessment.questionnaires import (
    import_questionnaire,
    load_questionnaire_file,
    validate_questionnaire,
)
from cms.vocabulary import OrganisationKind

QUESTION_TYPES = set(QuestionType.values)
CHOICE_TYPES = {QuestionType.SINGLE, QuestionType.MULTI}
ORG_KINDS = set(OrganisationKind.values)
COOP_ONLY = {"cooperative", "coop_group"}
QUESTION_FIELDS = {
    "key",
    "type",
    "weight",
    "required",
    "allow_na",
    "org_kinds",
    "condition",
    "text",
    "help",
    "error",
}
# Optional per question: their own labels for a 0-5 scale.
OPTIONAL_QUESTION_FIELDS = {"scale_labels"}
CHOICE_FIELDS = {"key", "score", "label"}
OPTIONAL_CHOICE_FIELDS = {"exclusive"}
# Reading budget: the flow is the profile, one step per dimension and the check page.
MAX_STEPS = 10
MAX_QUESTIONS = 45
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


@functools.cache
def load() -> dict[str, Any]:
    return load_questionnaire_file()


def dimension_keys() -> list[str]:
    return [dimension["key"] for dimension in load()["dimensions"]]


def questions() -> list[dict[str, Any]]:
    return [q for dimension in load()["dimensions"] for q in dimension["questions"]]


def questions_by_key() -> dict[str, dict[str, Any]]:
    return {q["key"]: q for q in questions()}


def choice_questions() -> list[dict[str, Any]]:
    return [q for q in questions() if q["type"] in CHOICE_TYPES]


def translated_texts(*, include_help: bool) -> Iterator[tuple[str, dict[str, str]]]:
    """Every {vi, en} mapping in the file, with a label saying where it is."""
    data = load()
    yield "title", data["title"]
    for level in data["levels"]:
        yield f"level {level['level']} name", level["name"]
        yield f"level {level['level']} description", level["description"]
    for dimension in data["dimensions"]:
        yield f"{dimension['key']} name", dimension["name"]
        yield f"{dimension['key']} description", dimension["description"]
    for q in questions():
        yield f"{q['key']} text", q["text"]
        if include_help:
            yield f"{q['key']} help", q["help"]
        yield f"{q['key']} error", q["error"]
        for choice in q.get("choices", []):
            yield f"{q['key']}.{choice['key']} label", choice["label"]


def test_file_parses_to_a_mapping_with_the_default_key():
    data = load()

    assert isinstance(data, dict)
    assert data["key"] == "default"


@pytest.mark.django_db
def test_the_project_loader_imports_the_file_and_the_validator_finds_nothing():
    questionnaire = import_questionnaire(load(), publish=False)

    assert validate_questionnaire(questionnaire) == []
    # Nothing was dropped on the way in.
    imported = Question.objects.filter(dimension__questionnaire=questionnaire)
    assert sorted(imported.values_list("key", flat=True)) == sorted(q["key"] for q in questions())
    dimensions = questionnaire.dimensions.order_by("sort_order")
    assert list(dimensions.values_list("key", flat=True)) == dimension_keys()


def test_the_file_names_its_version():
    version = load()["version"]

    assert isinstance(version, int) and not isinstance(version, bool)
    assert version >= 1


def test_the_flow_stays_within_ten_steps():
    # Profile + one step per dimension + the check page.
    assert 1 + len(dimension_keys()) + 1 <= MAX_STEPS
    assert all(SNAKE_CASE.match(key) for key in dimension_keys()), dimension_keys()


def test_there_are_between_30_and_45_questions():
    assert 30 <= len(questions()) <= MAX_QUESTIONS


def test_every_dimension_has_at_least_three_questions():
    for dimension in load()["dimensions"]:
        assert len(dimension["questions"]) >= 3, dimension["key"]


def test_question_and_choice_keys_are_snake_case():
    for q in questions():
        assert SNAKE_CASE.match(q["key"]), q["key"]
        for choice in q.get("choices", []):
            assert SNAKE_CASE.match(str(choice["key"])), f"{q['key']}.{choice['key']}"


def test_questions_have_exactly_the_schema_fields():
    for q in questions():
        expected = QUESTION_FIELDS | ({"choices"} if q["type"] in CHOICE_TYPES else set())
        assert expected <= set(q) <= expected | OPTIONAL_QUESTION_FIELDS, q["key"]
        for choice in q.get("choices", []):
            assert CHOICE_FIELDS <= set(choice) <= CHOICE_FIELDS | OPTIONAL_CHOICE_FIELDS, (
                f"{q['key']}.{choice.get('key')}"
            )


def test_every_question_has_its_own_short_error_message():
    messages = []
    for q in questions():
        error = q["error"]
        assert set(error) == {"vi", "en"}, q["key"]
        for language, text in error.items():
            assert isinstance(text, str) and text.strip(), f"{q['key']} ({language})"
            assert len(text) <= 90, f"{q['key']} ({language})"
            assert not text.endswith("."), f"{q['key']} ({language})"
        messages.append(error["vi"])
    assert len(messages) == len(set(messages))


def test_exclusive_choices_are_zero_score_choices_of_multiple_choice_questions():
    exclusive = []
    for q in questions():
        for choice in q.get("choices", []):
            if "exclusive" in choice:
                assert choice["exclusive"] is True, f"{q['key']}.{choice['key']}"
                assert q["type"] == "multi", q["key"]
                assert choice["score"] == 0, f"{q['key']}.{choice['key']}"
                exclusive.append(q["key"])
    # Every multiple-choice question with a "none"/"cash only" answer marks it.
    zero_choices = [
        q["key"]
        for q in questions()
        if q["type"] == "multi" and any(choice["score"] == 0 for choice in q["choices"])
    ]
    assert sorted(exclusive) == sorted(zero_choices)


def test_scale_labels_are_six_per_language_on_scale_questions_only():
    for q in questions():
        if "scale_labels" not in q:
            continue
        assert q["type"] == "scale", q["key"]
        assert set(q["scale_labels"]) == {"vi", "en"}, q["key"]
        for language, labels in q["scale_labels"].items():
            assert len(labels) == 6, f"{q['key']} ({language})"
            assert all(isinstance(label, str) and label.strip() for label in labels), q["key"]
            assert len(set(labels)) == 6, f"{q['key']} ({language})"


def test_question_types_are_known():
    for q in questions():
        assert q["type"] in QUESTION_TYPES, q["key"]


def test_each_type_is_used_at_least_six_times():
    counts = Counter(q["type"] for q in questions())

    for question_type in QUESTION_TYPES:
        assert counts[question_type] >= 6, question_type


def test_flags_are_booleans():
    for q in questions():
        assert isinstance(q["required"], bool), q["key"]
        assert isinstance(q["allow_na"], bool), q["key"]


def test_weights_are_plain_numbers():
    # Not quoted strings or booleans (the validator checks they are positive).
    for dimension in load()["dimensions"]:
        weight = dimension["weight"]
        assert isinstance(weight, int | float) and not isinstance(weight, bool), dimension["key"]
    for q in questions():
        weight = q["weight"]
        assert isinstance(weight, int | float) and not isinstance(weight, bool), q["key"]


def test_choice_questions_have_at_most_six_choices():
    # At least two is the validator's; more than six do not fit on a phone screen.
    for q in choice_questions():
        assert len(q["choices"]) <= 6, q["key"]


def test_choice_keys_are_unique_within_a_question():
    for q in choice_questions():
        keys = [choice["key"] for choice in q["choices"]]
        assert len(keys) == len(set(keys)), q["key"]


def test_choice_scores_are_between_zero_and_one():
    for q in choice_questions():
        for choice in q["choices"]:
            assert isinstance(choice["score"], int | float), f"{q['key']}.{choice['key']}"
            assert 0.0 <= choice["score"] <= 1.0, f"{q['key']}.{choice['key']}"


def test_single_choice_questions_run_from_zero_to_one():
    for q in questions():
        if q["type"] == "single":
            scores = [choice["score"] for choice in q["choices"]]
            assert max(scores) == 1.0, q["key"]
            assert min(scores) == 0.0, q["key"]


def test_multi_choice_questions_have_at_most_one_zero_score_choice():
    for q in questions():
        if q["type"] == "multi":
            zero_scores = [choice for choice in q["choices"] if choice["score"] == 0]
            assert len(zero_scores) <= 1, q["key"]


def test_scale_and_tristate_questions_have_no_choices():
    for q in questions():
        if q["type"] not in CHOICE_TYPES:
            assert "choices" not in q, q["key"]


def test_org_kinds_are_known():
    for q in questions():
        assert isinstance(q["org_kinds"], list), q["key"]
        assert set(q["org_kinds"]) <= ORG_KINDS, q["key"]


def test_conditions_have_exactly_a_question_and_choices():
    # The loader reads only these two fields; anything else would be ignored.
    for q in questions():
        if q["condition"] is not None:
            assert set(q["condition"]) == {"question", "choices"}, q["key"]


def test_at_least_three_questions_are_for_cooperatives_only():
    coop_only = [q["key"] for q in questions() if set(q["org_kinds"]) == COOP_ONLY]

    assert len(coop_only) >= 3


def test_at_least_two_questions_are_conditional():
    conditional = [q["key"] for q in questions() if q["condition"] is not None]

    assert len(conditional) >= 2


def test_at_least_five_questions_allow_not_applicable():
    assert sum(q["allow_na"] for q in questions()) >= 5


def test_texts_are_non_empty_in_both_languages():
    for where, text in translated_texts(include_help=False):
        assert set(text) == {"vi", "en"}, where
        assert isinstance(text["vi"], str), where
        assert isinstance(text["en"], str), where
        assert text["vi"].strip(), where
        assert text["en"].strip(), where


def test_help_has_both_languages_and_may_be_empty():
    for q in questions():
        assert set(q["help"]) == {"vi", "en"}, q["key"]
        assert isinstance(q["help"]["vi"], str), q["key"]
        assert isinstance(q["help"]["en"], str), q["key"]


def test_texts_are_nfc_normalised():
    for where, text in translated_texts(include_help=True):
        for language, value in text.items():
            assert unicodedata.is_normalized("NFC", value), f"{where} ({language})"


def test_levels_run_from_zero_to_five_and_every_one_can_be_reached():
    # The validator checks the thresholds start at 0 and rise; a score is at most 100.
    levels = load()["levels"]

    assert [level["level"] for level in levels] == [0, 1, 2, 3, 4, 5]
    assert levels[-1]["min"] <= 100
