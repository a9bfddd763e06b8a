"""Rule texts name the local government through a placeholder, so a province's plans say
"tỉnh" where Cần Thơ's say "thành phố"; proper names stay as they are."""

from __future__ import annotations

import re

import pytest
import yaml

from wagtail.models import Site

from cms.locality import Locality, fill_locality_words
from cms.models import SupportCenterSettings
from cms.vocabulary import LocalityKind
from recommendations.services import DEFAULT_RULES_FILE, choose_actions

from .conftest import submitted_assessment
from .factories import make_rule

# Proper names of Cần Thơ's own portal may stay in the demo data.
PROPER_NAMES = re.compile(r"Cổng thông tin điện tử thành phố Cần Thơ|Cần Thơ City")


def rule_texts():
    rules = yaml.safe_load(DEFAULT_RULES_FILE.read_text(encoding="utf-8"))["rules"]
    for rule in rules:
        for field in ("title", "explanation"):
            for language, text in rule["action"][field].items():
                yield rule["key"], language, text


def test_default_rules_say_the_locality_only_through_the_placeholder():
    said = [
        (key, language)
        for key, language, text in rule_texts()
        if re.search(r"thành phố|\b[Cc]ity\b|\btỉnh\b|\b[Pp]rovince\b", PROPER_NAMES.sub("", text))
    ]
    assert said == []
    placeholders = {p for _k, _l, text in rule_texts() for p in re.findall(r"\{[^}]*\}", text)}
    assert placeholders == {"{locality_word}"}


def test_the_placeholder_reads_as_the_locality_in_each_language():
    texts = {
        "vi": "Hỏi Liên minh Hợp tác xã {locality_word}",
        "en": "Ask the {locality_word}'s office",
    }

    assert fill_locality_words(texts, Locality(kind=LocalityKind.PROVINCE, name="An Giang")) == {
        "vi": "Hỏi Liên minh Hợp tác xã tỉnh",
        "en": "Ask the province's office",
    }
    assert fill_locality_words(texts, Locality(kind=LocalityKind.CITY, name="Cần Thơ")) == {
        "vi": "Hỏi Liên minh Hợp tác xã thành phố",
        "en": "Ask the city's office",
    }


@pytest.mark.django_db
def test_a_province_plan_says_tinh(questionnaire):
    make_rule(
        "ec_alliance",
        "ecommerce",
        score_min=0,
        score_max=100,
        title_vi="Hỏi Liên minh Hợp tác xã {locality_word}",
        title_en="Ask the {locality_word} Co-operative Alliance",
    )
    # A city's plan first: the rules and their actions are kept from here on, and the
    # change below is still seen on the next plan.
    city = choose_actions(submitted_assessment(questionnaire))
    assert next(a for a in city if a["rule"] == "ec_alliance")["title"]["vi"].endswith("thành phố")
    settings = SupportCenterSettings.for_site(Site.objects.get(is_default_site=True))
    settings.locality_kind = LocalityKind.PROVINCE
    settings.locality_name = "An Giang"
    settings.save()

    actions = choose_actions(submitted_assessment(questionnaire))

    alliance = next(a for a in actions if a["rule"] == "ec_alliance")
    assert alliance["title"] == {
        "vi": "Hỏi Liên minh Hợp tác xã tỉnh",
        "en": "Ask the province Co-operative Alliance",
    }
