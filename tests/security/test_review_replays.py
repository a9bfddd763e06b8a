"""F5, F8, F13 replayed as the security review reproduced them.

Their fuller tests sit beside the features (tests/recommendations/test_plan_links.py,
tests/test_settings.py, tests/cms/test_search.py, tests/test_healthz.py and
tests/test_compose_healthcheck.py); these keep every finding of the review in one suite.
"""

from __future__ import annotations

import re

import pytest

from recommendations.adapter import plan_document
from recommendations.plans import latest_plan
from tests.assessment.factories import build_questionnaire
from tests.cms.factories import GuidanceIndexPageFactory, TopicFactory, vietnamese_home
from tests.recommendations.conftest import SHAPE, submitted_assessment
from tests.recommendations.factories import make_rule

pytestmark = pytest.mark.django_db

INTERNET = {"REMOTE_ADDR": "203.0.113.7"}


def test_f5_a_plan_document_takes_every_link_from_the_public_address(settings):
    """The review read ``plan_document(...).results_url`` under production settings and got
    http://127.0.0.1:8000; the website field too."""
    settings.PORTAL_BASE_URL = "https://dtt.example.gov.vn"
    GuidanceIndexPageFactory(parent=vietnamese_home(), slug="huong-dan")
    TopicFactory(slug="ban-hang-truc-tuyen", dimension_key="ecommerce")
    TopicFactory(slug="thanh-toan", dimension_key="payments")
    make_rule("ec_any", "ecommerce", score_min=0, score_max=100, horizon="30d")
    make_rule("pay_any", "payments", score_min=0, score_max=100, horizon="30d")
    assessment = submitted_assessment(build_questionnaire(SHAPE))
    document = plan_document(latest_plan(assessment))

    assert document.results_url.startswith("https://dtt.example.gov.vn/vi/")
    ours = [document.results_url, *(action.guidance_url for action in document.actions)]
    assert len(ours) > 1
    assert [u for u in ours if not u.startswith("https://dtt.example.gov.vn/")] == []
    assert "127.0.0.1" not in repr(document)


@pytest.mark.parametrize("query", ['"', 'x"', "' OR AND NOT * ( ) NEAR ^ : --"])
def test_f8_an_unmatched_quote_in_the_search_box_is_not_a_server_error(client, query):
    response = client.get("/vi/search/", {"q": query})

    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_f13_an_anonymous_caller_learns_nothing_but_not_ok(client, broker_down):
    """The review got the broker's exception text with its internal host and port."""
    response = client.get("/healthz", **INTERNET)

    assert response.status_code == 503
    assert response.json() == {"ok": False}
    assert not re.search(rb"127\.0\.0\.1|Error|refused|sqlite|atomicfs", response.content)
