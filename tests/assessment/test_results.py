"""The results page: score, level, strengths, and a benchmark only for groups of five or more."""

from __future__ import annotations

import pytest

from assessment.answers import save_answers
from assessment.models import Assessment
from assessment.results import build_results, peer_dimension_medians, share_below
from assessment.structure import load_structure
from assessment.submission import submit_assessment
from cms.guidance import topic_list_urls
from tests.assessment.factories import (
    AdministrativeUnitFactory,
    OrganisationFactory,
    build_questionnaire,
)
from tests.cms.factories import GuidanceIndexPageFactory, TopicFactory, vietnamese_home

pytestmark = pytest.mark.django_db

SHAPE = [
    ("sales", 1, [{"key": "online", "type": "scale"}]),
    ("ops", 1, [{"key": "books", "type": "scale"}]),
    ("people", 1, [{"key": "skills", "type": "scale"}]),
    ("data", 1, [{"key": "backup", "type": "scale"}]),
]


@pytest.fixture
def questionnaire():
    return build_questionnaire(SHAPE)


def submit(questionnaire, value: int, consent: bool = True, **organisation) -> Assessment:
    return submit_answers(
        questionnaire,
        {"online": value, "books": 5, "skills": 0, "backup": 3},
        consent=consent,
        **organisation,
    )


def submit_answers(
    questionnaire, answers: dict[str, int], consent: bool = True, **organisation
) -> Assessment:
    """An assessment submitted through the real path (answers saved, scored, snapshotted)."""
    assessment = Assessment.objects.create(
        questionnaire=questionnaire,
        organisation=OrganisationFactory(**organisation),
        consent_statistics=consent,
    )
    structure = load_structure(questionnaire)
    save_answers(assessment, structure.questions, answers)
    submit_assessment(assessment, structure)
    assessment.refresh_from_db()
    return assessment


def test_no_benchmark_below_five_peers(questionnaire):
    for value in (1, 2, 3):
        submit(questionnaire, value)
    mine = submit(questionnaire, 4)

    assert build_results(mine, "vi")["benchmark"] is None


def test_benchmark_with_five_peers_in_the_same_kind_sector_and_area(questionnaire):
    for value in (0, 1, 2, 3):
        submit(questionnaire, value)
    mine = submit(questionnaire, 5)

    benchmark = build_results(mine, "vi")["benchmark"]

    # overall scores: (v*20 + 100 + 0 + 60) / 4 -> 40, 45, 50, 55, 65
    assert benchmark == {"group": "kind_sector_area", "size": 5, "median": 50.0, "percentile": 90}


def test_peers_who_declined_statistics_are_not_counted(questionnaire):
    for value in (0, 1, 2, 3):
        submit(questionnaire, value, consent=value != 0)
    mine = submit(questionnaire, 5)

    assert build_results(mine, "vi")["benchmark"] is None


def test_falls_back_to_a_wider_group(questionnaire):
    other_area = AdministrativeUnitFactory(code="CT-X-THOILAI", name="Xã Thới Lai")
    for value in (0, 1, 2, 3):
        submit(questionnaire, value, administrative_unit=other_area)
    mine = submit(questionnaire, 5)

    assert build_results(mine, "vi")["benchmark"]["group"] == "kind_sector"


def test_strongest_and_weakest_dimensions(questionnaire):
    results = build_results(submit(questionnaire, 4), "en")

    assert [d["key"] for d in results["strongest"]] == ["ops", "sales", "data"]
    assert [d["key"] for d in results["weakest"]] == ["people", "data", "sales"]
    assert results["level_name"] == "Level 3"


def test_percentile_counts_ties_as_half():
    # 50 in [40, 50, 50, 60]: one below, two level with it.
    assert share_below(1, 2, 4) == 50


def test_an_even_group_with_ties_has_the_middle_two_as_its_median(questionnaire):
    # overall scores: (v*20 + 100 + 0 + 60) / 4 -> 40, 45, 45, 50, 55 and mine, 45
    for value in (0, 1, 1, 2, 3):
        submit(questionnaire, value)
    mine = submit(questionnaire, 1)

    benchmark = build_results(mine, "vi")["benchmark"]

    # 40 45 45 45 50 55: the middle two are 45 and 45; one below mine, three level with it.
    assert benchmark == {"group": "kind_sector_area", "size": 6, "median": 45.0, "percentile": 42}


def test_the_median_of_an_even_group_is_between_its_middle_two(questionnaire):
    for value in (0, 1, 3, 4):  # 40, 45, 55, 60
        submit(questionnaire, value)
    mine = submit(questionnaire, 5)  # 65

    benchmark = build_results(mine, "vi")["benchmark"]

    # 40 45 55 60 65: odd, 55; with one more at 50 it is even: (50 + 55) / 2.
    assert benchmark["median"] == 55.0
    submit(questionnaire, 2)
    assert build_results(mine, "vi")["benchmark"] == {
        "group": "kind_sector_area",
        "size": 6,
        "median": 52.5,
        "percentile": 92,
    }


# Scale answers 0-5 score 0, 20, 40, 60, 80, 100 in their one-question dimensions.
PEERS = [
    # online, books, skills, backup
    (0, 5, 1, 0),
    (1, 5, 1, 3),
    (2, 5, 1, 3),
    (3, 0, 1, 4),
    (4, 0, 1, 4),
    (5, 1, 2, 5),
]


def submit_peers(questionnaire, rows) -> list[Assessment]:
    return [
        submit_answers(questionnaire, {"online": o, "books": b, "skills": s, "backup": k})
        for o, b, s, k in rows
    ]


def test_peer_dimension_medians_from_the_submitted_assessments(questionnaire):
    peers = submit_peers(questionnaire, PEERS)
    # Not counted: a peer who declined statistics (it would pull every median to 100),
    # and an assessment that was never submitted.
    submit_answers(
        questionnaire, {"online": 5, "books": 5, "skills": 5, "backup": 5}, consent=False
    )
    Assessment.objects.create(questionnaire=questionnaire, organisation=OrganisationFactory())
    assert peers[0].dimension_scores == {"sales": 0.0, "ops": 100.0, "people": 20.0, "data": 0.0}

    size, medians = peer_dimension_medians(peers[0])

    # Six scores per dimension; the median is the mean of the 3rd and 4th:
    # sales  0 20 40 | 60 80 100 -> 50;  ops    0 0 20 | 100 100 100 -> 60
    # people 20 20 20 | 20 20 40 -> 20;  data   0 60 60 | 80 80 100  -> 70
    assert size == 6
    assert medians == {"sales": 50.0, "ops": 60.0, "people": 20.0, "data": 70.0}


def test_no_peer_dimension_medians_below_five_peers(questionnaire):
    peers = submit_peers(questionnaire, PEERS[:4])

    assert peer_dimension_medians(peers[0]) == (0, {})


@pytest.fixture
def sales_guidance():
    """A topic tied to the "sales" dimension and a live Vietnamese guidance index."""
    topic = TopicFactory(slug="ban-hang-truc-tuyen", dimension_key="sales")
    index = GuidanceIndexPageFactory(parent=vietnamese_home(), slug="huong-dan")
    return topic, index


def test_guidance_links_go_to_the_index_filtered_by_the_dimensions_topic(sales_guidance):
    topic, index = sales_guidance
    url = index.get_url()
    assert url == "/vi/huong-dan/"

    assert topic_list_urls(["sales", "ops"], "vi") == {"sales": f"{url}?topic={topic.slug}"}
    # No English guidance index: no links in English.
    assert topic_list_urls(["sales", "ops"], "en") == {}


def test_no_guidance_links_when_the_index_is_not_live(sales_guidance):
    _topic, index = sales_guidance
    index.unpublish()

    assert topic_list_urls(["sales"], "vi") == {}


def test_results_page_links_a_dimension_to_its_guidance(client, questionnaire, sales_guidance):
    topic, _index = sales_guidance
    assessment = submit(questionnaire, 2)

    html = client.get(f"/vi/assessment/{assessment.token}/results/").content.decode()

    sales = next(d for d in load_structure(questionnaire).dimensions if d.key == "sales")
    assert (
        f'<a href="/vi/huong-dan/?topic={topic.slug}">Hướng dẫn'
        f'<span class="visually-hidden"> {sales.name_vi}</span></a>'
    ) in html
    # Sales is both among the strongest and the weakest of four; the others have no topic.
    assert html.count(f'href="/vi/huong-dan/?topic={topic.slug}"') == 2
    assert html.count("?topic=") == 2


WIDER_GROUP_VI = "nên đơn vị được so với một nhóm rộng hơn"


def test_results_page_says_when_the_comparison_group_is_wider(client, questionnaire):
    other_area = AdministrativeUnitFactory(code="CT-X-THOILAI", name="Xã Thới Lai")
    for value in (0, 1, 2, 3):
        submit(questionnaire, value, administrative_unit=other_area)
    mine = submit(questionnaire, 5)

    html = client.get(f"/vi/assessment/{mine.token}/results/").content.decode()

    assert "Ít hơn 5 đơn vị cùng loại hình và ngành" in html
    assert WIDER_GROUP_VI in html


def test_no_wider_group_line_when_the_closest_group_is_big_enough(client, questionnaire):
    for value in (0, 1, 2, 3):
        submit(questionnaire, value)
    mine = submit(questionnaire, 5)

    html = client.get(f"/vi/assessment/{mine.token}/results/").content.decode()

    assert build_results(mine, "vi")["benchmark"]["group"] == "kind_sector_area"
    assert WIDER_GROUP_VI not in html


def test_results_radar_names_each_dimension_and_prints_its_score(client, questionnaire):
    assessment = submit(questionnaire, 2)  # online 40, books 100, skills 0, backup 60

    html = client.get(f"/vi/assessment/{assessment.token}/results/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]

    for dimension in load_structure(questionnaire).dimensions:
        assert f"<title>{dimension.name_vi}</title>" in svg
    values = svg.split('class="radar-value">')[1:]
    assert [v[: v.index("<")] for v in values] == ["40", "100", "0", "60"]
