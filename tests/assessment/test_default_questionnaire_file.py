"""The default questionnaire data file follows the schema the loader expects."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

QUESTIONNAIRE_FILE = (
    Path(__file__).resolve().parents[2] / "assessment" / "data" / "default_questionnaire.yaml"
)

DIMENSION_KEYS = [
    "public_services",
    "planning_land",
    "ecommerce",
    "payments",
    "operations",
    "skills",
    "data_security",
    "strategy",
]
PRIORITY_DIMENSIONS = {"public_services", "ecommerce", "payments"}
QUESTION_TYPES = {"single", "multi", "scale", "tristate"}
CHOICE_TYPES = {"single", "multi"}
ORG_KINDS = {"enterprise", "cooperative", "coop_group", "household"}
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
}
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


@functools.cache
def load() -> dict[str, Any]:
    with QUESTIONNAIRE_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


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
        for choice in q.get("choices", []):
            yield f"{q['key']}.{choice['key']} label", choice["label"]


def test_file_parses_to_a_mapping_with_the_default_key():
    data = load()

    assert isinstance(data, dict)
    assert data["key"] == "default"


def test_dimensions_are_exactly_the_eight_pillars_in_order():
    assert [dimension["key"] for dimension in load()["dimensions"]] == DIMENSION_KEYS


def test_dimension_weights_are_positive_and_favour_the_province_priorities():
    for dimension in load()["dimensions"]:
        expected = 1.2 if dimension["key"] in PRIORITY_DIMENSIONS else 1.0
        assert dimension["weight"] == expected, dimension["key"]


def test_there_are_between_30_and_45_questions():
    assert 30 <= len(questions()) <= 45


def test_every_dimension_has_at_least_four_questions():
    for dimension in load()["dimensions"]:
        assert len(dimension["questions"]) >= 4, dimension["key"]


def test_question_keys_are_unique_across_the_file():
    counts = Counter(q["key"] for q in questions())

    assert [key for key, count in counts.items() if count > 1] == []


def test_question_and_choice_keys_are_snake_case():
    for q in questions():
        assert SNAKE_CASE.match(q["key"]), q["key"]
        for choice in q.get("choices", []):
            assert SNAKE_CASE.match(str(choice["key"])), f"{q['key']}.{choice['key']}"


def test_questions_have_exactly_the_schema_fields():
    for q in questions():
        expected = QUESTION_FIELDS | ({"choices"} if q["type"] in CHOICE_TYPES else set())
        assert set(q) == expected, q["key"]


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


def test_question_weights_are_positive_numbers():
    for q in questions():
        assert isinstance(q["weight"], int | float), q["key"]
        assert q["weight"] > 0, q["key"]


def test_choice_questions_have_two_to_six_choices():
    for q in choice_questions():
        assert 2 <= len(q["choices"]) <= 6, q["key"]


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


def test_conditions_point_to_earlier_questions_and_their_choices():
    seen: dict[str, dict[str, Any]] = {}
    for q in questions():
        condition = q["condition"]
        if condition is not None:
            assert set(condition) == {"question", "choices"}, q["key"]
            assert condition["question"] in seen, q["key"]
            earlier = seen[condition["question"]]
            earlier_choices = {choice["key"] for choice in earlier.get("choices", [])}
            assert condition["choices"], q["key"]
            assert set(condition["choices"]) <= earlier_choices, q["key"]
        seen[q["key"]] = q


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


def test_levels_run_from_zero_to_five_with_rising_thresholds():
    levels = load()["levels"]
    minimums = [level["min"] for level in levels]

    assert [level["level"] for level in levels] == [0, 1, 2, 3, 4, 5]
    assert minimums[0] == 0
    assert all(lower < higher for lower, higher in itertools.pairwise(minimums))
    assert minimums[-1] <= 100
