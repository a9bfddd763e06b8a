"""The home page's figures from the real ``assessment_figures`` hook (assessment/wagtail_hooks.py).

The home page is the one the migrations create (see tests/cms/factories.py); each
assessment is submitted through the real path, so its overall score is what scoring made
of its answers.
"""

from __future__ import annotations

import re

import pytest

from assessment.answers import save_answers
from assessment.models import Assessment, Organisation
from assessment.structure import load_structure
from assessment.submission import submit_assessment
from tests.assessment.factories import OrganisationFactory, build_questionnaire
from tests.cms.factories import vietnamese_home

pytestmark = pytest.mark.django_db

# Two scale questions (0-5) of equal weight: the overall score is (a + b) × 10.
SHAPE = [("sales", 1, [{"key": "online", "type": "scale"}, {"key": "shop", "type": "scale"}])]


@pytest.fixture
def questionnaire():
    return build_questionnaire(SHAPE)


@pytest.fixture
def home():
    return vietnamese_home()


def submit(questionnaire, organisation: Organisation, score: int, consent: bool = True):
    """A submitted assessment of ``organisation`` whose overall score is ``score`` (0-100)."""
    assessment = Assessment.objects.create(
        questionnaire=questionnaire, organisation=organisation, consent_statistics=consent
    )
    online = min(score // 10, 5)
    structure = load_structure(questionnaire)
    save_answers(assessment, structure.questions, {"online": online, "shop": score // 10 - online})
    submit_assessment(assessment, structure)
    assessment.refresh_from_db()
    assert float(assessment.overall_score) == score
    return assessment


def figures_on(client, home) -> list[tuple[str, str]]:
    """The (value, label) pairs of the figures section of the rendered home page."""
    response = client.get(home.url)
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(
        r'<li><strong class="figure-value">([^<]*)</strong> <span>([^<]*)</span></li>', html
    )


def test_no_figures_with_fewer_than_five_submitted_assessments(client, home, questionnaire):
    for score in (20, 40, 60, 80):
        submit(questionnaire, OrganisationFactory(), score)
    Assessment.objects.create(questionnaire=questionnaire, organisation=OrganisationFactory())

    html = client.get(home.url).content.decode()

    assert "Số liệu toàn thành phố" not in html
    assert 'class="figures"' not in html
    assert figures_on(client, home) == []


def test_count_organisations_and_average_with_five_or_more(client, home, questionnaire):
    co_op, shop, farm, declined = (OrganisationFactory() for _ in range(4))
    submit(questionnaire, co_op, 20)
    submit(questionnaire, co_op, 60)  # the same co-operative, a year later
    submit(questionnaire, shop, 40)
    submit(questionnaire, farm, 80)
    submit(questionnaire, farm, 100)
    submit(questionnaire, declined, 0, consent=False)  # counted, but not in the average
    Assessment.objects.create(questionnaire=questionnaire, organisation=OrganisationFactory())

    figures = figures_on(client, home)

    # 6 submitted by 4 organisations (the draft does not count); average of those who
    # consented: (20 + 60 + 40 + 80 + 100) / 5 = 60.
    assert figures == [
        ("6", "bài đánh giá đã gửi"),
        ("4", "doanh nghiệp và hợp tác xã đã tham gia"),
        ("60/100", "điểm trung bình"),
    ]


def test_the_average_is_rounded_half_up_like_every_score(client, home, questionnaire):
    for score in (60, 60, 60, 60, 60, 60, 60, 80):
        submit(questionnaire, OrganisationFactory(), score)
    submit(questionnaire, OrganisationFactory(), 30, consent=False)

    # (7 × 60 + 80) / 8 = 62.5, shown as 63 like every score (scoring.display_score).
    assert figures_on(client, home)[2] == ("63/100", "điểm trung bình")


def test_no_average_of_fewer_than_five_consenting_assessments(client, home, questionnaire):
    submit(questionnaire, OrganisationFactory(), 70)
    for _ in range(4):
        submit(questionnaire, OrganisationFactory(), 20, consent=False)

    labels = [label for _value, label in figures_on(client, home)]

    assert "điểm trung bình" not in labels  # it would be "70/100": the one consenting score


def test_the_figures_are_counted_once_a_minute_and_again_after_a_publish(
    client, home, questionnaire, settings
):
    from django.core.cache import cache

    settings.PORTAL_PAGE_CACHE = False  # the figures' own keeping, not the whole page's
    from cms.content import new_content_version

    for score in (20, 40, 60, 80, 100):
        submit(questionnaire, OrganisationFactory(), score)
    assert figures_on(client, home)[0] == ("5", "bài đánh giá đã gửi")

    submit(questionnaire, OrganisationFactory(), 60)
    # Within the minute, the count is the kept one: one query per minute for every process.
    assert figures_on(client, home)[0] == ("5", "bài đánh giá đã gửi")

    new_content_version()  # what a publish does
    assert figures_on(client, home)[0] == ("6", "bài đánh giá đã gửi")

    submit(questionnaire, OrganisationFactory(), 60)
    cache.clear()  # the minute is over
    assert figures_on(client, home)[0] == ("7", "bài đánh giá đã gửi")
