"""The default recommendation rules file follows the schema the loader expects.

It also checks the coverage promises: every dimension has a useful action for every
score band, enough rules react to specific weak answers, and co-operatives and some
sectors get actions of their own. Every question and choice a rule refers to must
exist in the default questionnaire.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from assessment.questionnaires import load_questionnaire_file
from cms.vocabulary import OrganisationKind

ROOT = Path(__file__).resolve().parents[2]
RULES_FILE = ROOT / "recommendations" / "data" / "default_rules.yaml"
REFERENCE_FILE = ROOT / "assessment" / "data" / "reference_data.yaml"

ORG_KINDS = set(OrganisationKind.values)
COOP_KINDS = {"cooperative", "coop_group"}
SECTORS = {
    "agriculture",
    "food-processing",
    "manufacturing",
    "retail",
    "hospitality",
    "transport",
    "construction",
    "services",
}
PRIORITIES = {1, 2, 3}
HORIZONS = {"now", "30d", "90d", "6m"}
EFFORTS = {"low", "medium", "high"}
COSTS = {"free", "low", "medium", "high"}
TRISTATE_CHOICES = {"no", "partly", "yes"}
CHOICE_TYPES = {"single", "multi"}

RULE_FIELDS = {"key", "dimension", "when", "action"}
WHEN_FIELDS = {"score", "choices", "org_kinds", "sectors"}
ACTION_FIELDS = {
    "title",
    "explanation",
    "priority",
    "horizon",
    "effort",
    "cost",
    "quick_win",
    "links",
}
# Half-open bands [low, high); the last one includes 100.
SCORE_BANDS = [(0, 10), (10, 30), (30, 50), (50, 70), (70, 85), (85, 100)]
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

# Hosts reviewed as official public services or well-known platforms. Add a host
# here only after checking that the address is real and stable.
ALLOWED_LINK_HOSTS = {
    "dichvucong.gov.vn",
    "vneid.gov.vn",
    "baohiemxahoi.gov.vn",
    "hoadondientu.gdt.gov.vn",
    "thuedientu.gdt.gov.vn",
    "cantho.gov.vn",
    "dangkykinhdoanh.gov.vn",
    "tinnhiemmang.vn",
    "binhdanhocvuso.gov.vn",
    "vietqr.net",
    "shopee.vn",
    "www.lazada.vn",
    "tiki.vn",
    "postmart.vn",
    "oa.zalo.me",
    # Ministry of Industry and Trade's e-commerce management portal (a notice of its own on
    # online.gov.vn, NewsDetail DocId=130; luatvietan.vn).
    "online.gov.vn",
    "www.facebook.com",
    "www.google.com",
}

MIN_RULES, MAX_RULES = 45, 80
MIN_ANSWER_RULES = 12
MIN_COOP_RULES = 4
MIN_SECTOR_RULES = 2


@functools.cache
def load() -> dict[str, Any]:
    with RULES_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@functools.cache
def load_questionnaire() -> dict[str, Any]:
    """The default questionnaire, read by the project's own loader."""
    return load_questionnaire_file()


# The dimensions of the default questionnaire: every rule must belong to one, and every
# one of them needs rules.
DIMENSION_KEYS = frozenset(d["key"] for d in load_questionnaire()["dimensions"])


def rules() -> list[dict[str, Any]]:
    return load()["rules"]


def questions_by_key() -> dict[str, dict[str, Any]]:
    return {
        question["key"]: question
        for dimension in load_questionnaire()["dimensions"]
        for question in dimension["questions"]
    }


def choice_keys(question: dict[str, Any]) -> set[str]:
    if question["type"] == "tristate":
        return TRISTATE_CHOICES
    return {choice["key"] for choice in question["choices"]}


def is_score_only(rule: dict[str, Any]) -> bool:
    return set(rule["when"]) == {"score"}


def is_coop_rule(rule: dict[str, Any]) -> bool:
    kinds = rule["when"].get("org_kinds") or []
    return bool(kinds) and set(kinds) <= COOP_KINDS


def translated_texts() -> Iterator[tuple[str, dict[str, str]]]:
    for rule in rules():
        action = rule["action"]
        yield f"{rule['key']} title", action["title"]
        yield f"{rule['key']} explanation", action["explanation"]
        for link in action["links"]:
            yield f"{rule['key']} link {link['url']}", link["title"]


def test_file_parses_to_a_list_of_rules() -> None:
    data = load()
    assert set(data) == {"rules"}
    assert isinstance(data["rules"], list)
    assert all(isinstance(rule, dict) for rule in data["rules"])


def test_rule_count_is_in_range() -> None:
    assert MIN_RULES <= len(rules()) <= MAX_RULES, len(rules())


def test_keys_are_snake_case_and_unique() -> None:
    keys = [rule["key"] for rule in rules()]
    bad = [key for key in keys if not isinstance(key, str) or not SNAKE_CASE.match(key)]
    assert not bad, bad
    assert all(len(key) <= 80 for key in keys)
    duplicates = [key for key, count in Counter(keys).items() if count > 1]
    assert not duplicates, duplicates


def test_rules_have_exactly_the_expected_fields() -> None:
    for rule in rules():
        assert set(rule) == RULE_FIELDS, rule.get("key")
        assert set(rule["action"]) == ACTION_FIELDS, rule["key"]
        when = rule["when"]
        assert isinstance(when, dict), rule["key"]
        assert when, f"{rule['key']}: a rule needs at least one condition"
        assert set(when) <= WHEN_FIELDS, rule["key"]


def test_dimensions_are_known() -> None:
    assert DIMENSION_KEYS
    for rule in rules():
        assert rule["dimension"] in DIMENSION_KEYS, rule["key"]


def test_score_ranges_are_valid() -> None:
    for rule in rules():
        score = rule["when"].get("score")
        if score is None:
            continue
        assert set(score) == {"min", "max"}, rule["key"]
        low, high = score["min"], score["max"]
        assert all(isinstance(v, int | float) and not isinstance(v, bool) for v in (low, high))
        assert 0 <= low < high <= 100, rule["key"]


def test_org_kinds_and_sectors_are_known() -> None:
    with REFERENCE_FILE.open(encoding="utf-8") as handle:
        reference_sectors = {sector["key"] for sector in yaml.safe_load(handle)["sectors"]}
    for rule in rules():
        kinds = rule["when"].get("org_kinds")
        if kinds is not None:
            assert kinds, f"{rule['key']}: leave org_kinds out instead of an empty list"
            assert set(kinds) <= ORG_KINDS, rule["key"]
            assert len(set(kinds)) == len(kinds), rule["key"]
        sectors = rule["when"].get("sectors")
        if sectors is not None:
            assert sectors, f"{rule['key']}: leave sectors out instead of an empty list"
            assert set(sectors) <= SECTORS, rule["key"]
            assert set(sectors) <= reference_sectors, rule["key"]
            assert len(set(sectors)) == len(sectors), rule["key"]


def test_choice_conditions_refer_to_existing_questions_and_choices() -> None:
    questions = questions_by_key()
    for rule in rules():
        conditions = rule["when"].get("choices")
        if conditions is None:
            continue
        assert conditions, f"{rule['key']}: leave choices out instead of an empty list"
        for condition in conditions:
            assert set(condition) == {"question", "any_of"}, rule["key"]
            question = questions.get(condition["question"])
            assert question is not None, f"{rule['key']}: unknown question {condition}"
            assert question["type"] in CHOICE_TYPES | {"tristate"}, (
                f"{rule['key']}: {question['key']} is a {question['type']} question; "
                "use a score band instead"
            )
            any_of = condition["any_of"]
            assert any_of, rule["key"]
            # Catches YAML turning an unquoted no / yes into a boolean.
            assert all(isinstance(choice, str) for choice in any_of), (rule["key"], any_of)
            unknown = set(any_of) - choice_keys(question)
            assert not unknown, f"{rule['key']}: {question['key']} has no choice {unknown}"


def test_rules_on_coop_only_questions_target_coops() -> None:
    questions = questions_by_key()
    for rule in rules():
        for condition in rule["when"].get("choices") or []:
            question_kinds = set(questions[condition["question"]]["org_kinds"])
            if question_kinds:
                rule_kinds = set(rule["when"].get("org_kinds") or [])
                assert rule_kinds, f"{rule['key']}: {condition['question']} is not for everyone"
                assert rule_kinds <= question_kinds, rule["key"]


def test_action_values_are_allowed() -> None:
    for rule in rules():
        action = rule["action"]
        assert action["priority"] in PRIORITIES, rule["key"]
        assert not isinstance(action["priority"], bool), rule["key"]
        assert action["horizon"] in HORIZONS, rule["key"]
        assert action["effort"] in EFFORTS, rule["key"]
        assert action["cost"] in COSTS, rule["key"]
        assert isinstance(action["quick_win"], bool), rule["key"]
        assert isinstance(action["links"], list), rule["key"]
        assert len(action["links"]) <= 3, rule["key"]


def test_quick_wins_are_cheap_easy_and_soon() -> None:
    quick_wins = [rule for rule in rules() if rule["action"]["quick_win"]]
    assert quick_wins
    assert len(quick_wins) < len(rules())
    for rule in quick_wins:
        action = rule["action"]
        assert action["effort"] == "low", rule["key"]
        assert action["cost"] in {"free", "low"}, rule["key"]
        assert action["horizon"] in {"now", "30d"}, rule["key"]


def test_plans_use_a_spread_of_values() -> None:
    actions = [rule["action"] for rule in rules()]
    assert {action["horizon"] for action in actions} == HORIZONS
    assert {action["priority"] for action in actions} == PRIORITIES
    assert {"low", "medium"} <= {action["effort"] for action in actions}
    assert {"free", "low"} <= {action["cost"] for action in actions}


def test_texts_are_present_normalised_and_in_both_languages() -> None:
    for where, text in translated_texts():
        assert isinstance(text, dict), where
        assert set(text) == {"vi", "en"}, where
        for language, value in text.items():
            assert isinstance(value, str), (where, language)
            assert value.strip(), (where, language)
            assert value == value.strip(), (where, language)
            assert unicodedata.is_normalized("NFC", value), (where, language)


def test_titles_are_short() -> None:
    for rule in rules():
        for language, title in rule["action"]["title"].items():
            assert len(title) <= 90, (rule["key"], language, len(title))
            assert not title.endswith("."), (rule["key"], language)


def test_explanations_have_two_to_four_sentences() -> None:
    for rule in rules():
        for language, text in rule["action"]["explanation"].items():
            sentences = SENTENCE_END.split(text)
            assert 2 <= len(sentences) <= 4, (rule["key"], language, len(sentences))
            assert text.endswith((".", "!", "?")), (rule["key"], language)


def test_vietnamese_texts_use_vietnamese_letters() -> None:
    # Guards against English (or unaccented Vietnamese) left in the vi field.
    vietnamese_letters = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
    for where, text in translated_texts():
        if " link " in where:
            continue
        assert vietnamese_letters & set(text["vi"].lower()), where


def test_links_are_https_urls_on_reviewed_hosts() -> None:
    for rule in rules():
        for link in rule["action"]["links"]:
            assert set(link) == {"title", "url"}, rule["key"]
            parts = urlsplit(link["url"])
            assert parts.scheme == "https", (rule["key"], link["url"])
            assert parts.netloc in ALLOWED_LINK_HOSTS, (rule["key"], link["url"])
            assert not parts.query and not parts.fragment, (rule["key"], link["url"])
        urls = [link["url"] for link in rule["action"]["links"]]
        assert len(urls) == len(set(urls)), rule["key"]


def test_every_score_band_of_every_dimension_has_a_score_only_rule() -> None:
    missing = []
    for dimension in sorted(DIMENSION_KEYS):
        banded = [
            rule["when"]["score"]
            for rule in rules()
            if rule["dimension"] == dimension and is_score_only(rule)
        ]
        for low, high in SCORE_BANDS:
            if not any(score["min"] <= low and score["max"] >= high for score in banded):
                missing.append((dimension, low, high))
    assert not missing, missing


def test_enough_rules_react_to_specific_answers() -> None:
    answer_rules = [rule for rule in rules() if rule["when"].get("choices")]
    assert len(answer_rules) >= MIN_ANSWER_RULES, len(answer_rules)
    # Spread over the questionnaire rather than piled onto one dimension.
    assert len({rule["dimension"] for rule in answer_rules}) == len(DIMENSION_KEYS)


def test_cooperatives_get_their_own_rules() -> None:
    coop_rules = [rule for rule in rules() if is_coop_rule(rule)]
    assert len(coop_rules) >= MIN_COOP_RULES, len(coop_rules)


def test_some_rules_target_sectors() -> None:
    sector_rules = [rule for rule in rules() if rule["when"].get("sectors")]
    assert len(sector_rules) >= MIN_SECTOR_RULES, len(sector_rules)
