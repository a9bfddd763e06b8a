"""The center counts only plausible assessments, counts assisted and paper ones, filters by
how an assessment was made, and counts the plans downloaded.

On top of the small city (conftest: eight organisations, nine plausible submissions, six
ready plans, overall scores 10–60 and 80, 90, mean 47.5), with the production minimum
of two minutes:
- enterprise 2 submits again in 30 seconds, by itself, score 70, with a ready plan:
  implausible, so it changes nothing (enterprise 2 does not become "returning");
- co-operative 1 is assessed again with an advisor, in 20 seconds, score 100: plausible;
- enterprise 3 is typed in from paper by the advisor, in 10 seconds, score 20: plausible.
So: 11 submitted, 1 left out, 8 organisations, 3 returning (enterprise 0, co-operative 1,
enterprise 3), 10 in the scores with mean (380 + 100 + 20) / 10 = 50.0 (51.8 had the quick
one counted), 6 plans produced. Enterprise 0's plan downloaded twice and enterprise 1's
once, the quick one's once too: 2 plans downloaded.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import pytest

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.models import Assessment, Organisation
from cms.vocabulary import OrganisationKind
from portal.center import opendata
from portal.center.queries import Filters, dashboard
from portal.settings import base
from recommendations.models import ActionPlan

from .conftest import ZONE, action, submit

APRIL_20 = datetime(2026, 4, 20, 9, tzinfo=ZONE)


@pytest.fixture(autouse=True)
def production_minimum(settings):
    settings.PLAUSIBLE_MIN_SECONDS = base.PLAUSIBLE_MIN_SECONDS


def took(assessment: Assessment, seconds: int, mode: str = "self", advisor=None) -> Assessment:
    """As if filled in over ``seconds``, made in ``mode``; saved as the flow saves."""
    assessment.created_at = assessment.submitted_at - timedelta(seconds=seconds)
    assessment.mode = mode
    assessment.assisted_by = advisor
    assessment.save(update_fields=["created_at", "mode", "assisted_by"])
    return assessment


@pytest.fixture
def mixed_city(small_city, django_user_model):
    advisor = django_user_model.objects.create_user("tvv@example.vn")
    quick = took(submit(small_city.questionnaire, small_city.enterprises[2], 70, APRIL_20), 30)
    ActionPlan.objects.create(assessment=quick, status=ActionPlan.Status.READY, actions=[])
    took(
        submit(small_city.questionnaire, small_city.coops[1], 100, APRIL_20),
        20,
        Assessment.Mode.ASSISTED,
        advisor,
    )
    took(
        submit(small_city.questionnaire, small_city.enterprises[3], 20, APRIL_20),
        10,
        Assessment.Mode.PAPER,
        advisor,
    )
    small_city.quick = quick
    return small_city


def download(client, assessment: Assessment) -> int:
    plan = ActionPlan.objects.filter(assessment=assessment).first()
    plan.file.save(f"plan-{plan.pk}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    url = reverse("plans:download", args=[assessment.token, plan.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    return plan.pk


def test_the_dashboard_counts_only_plausible_assessments(mixed_city):
    data = dashboard(Filters())
    assert data.submitted == 11
    assert data.implausible == 1
    assert data.organisations == 8
    assert data.returning == 3
    assert data.scored == 10
    assert data.overall.mean == pytest.approx(50.0)
    assert data.plans == 6
    # Level 4 (70–84): the co-operative's 80 alone, the quick 70 left out.
    assert {s.key: s.assessments for s in data.levels}["4"] == 1


def test_assisted_and_paper_assessments_are_counted_and_grouped_below_five(mixed_city):
    data = dashboard(Filters())
    scores = {s.key: s for s in data.by_mode}
    # Scores by way of making: the eight consenting self-made ones (mean 47.5); one
    # organisation each for assisted and paper, so hidden.
    assert (scores["self"].assessments, scores["self"].organisations) == (8, 8)
    assert scores["self"].shown_mean == pytest.approx(47.5)
    assert scores["self"].shown_median == pytest.approx(45.0)
    assert scores["assisted"].shown_mean is None and scores["paper"].suppressed
    modes = {m.key: m for m in data.modes}
    assert (modes["self"].assessments, modes["self"].organisations) == (9, 8)
    assert not modes["self"].suppressed
    assert (modes["assisted"].assessments, modes["assisted"].organisations) == (1, 1)
    assert modes["assisted"].suppressed and modes["paper"].suppressed


@pytest.mark.parametrize(
    ("mode", "submitted", "implausible", "organisations", "mean"),
    [
        ("self", 9, 1, 8, 47.5),
        ("assisted", 1, 0, 1, None),  # one organisation: no score shown
        ("paper", 1, 0, 1, None),
    ],
)
def test_the_mode_filter(mixed_city, mode, submitted, implausible, organisations, mean):
    data = dashboard(Filters(mode=mode))
    assert (data.submitted, data.implausible, data.organisations) == (
        submitted,
        implausible,
        organisations,
    )
    if mean is None:
        assert data.overall.shown_mean is None
    else:
        assert data.overall.shown_mean == pytest.approx(mean)


def test_assessments_started_follow_the_mode_filter(mixed_city):
    # Started: 10 in the small city (nine submitted and a draft) and the three above.
    assert dashboard(Filters()).started == 13
    assert dashboard(Filters(mode="paper")).started == 1


def test_the_page_says_how_many_were_left_out_and_filters_by_mode(client, mixed_city, center_staff):
    client.force_login(center_staff)
    page = client.get(reverse("center:statistics"), {"mode": "self"})
    assert page.status_code == 200
    assert page.context["data"].submitted == 9
    body = page.content.decode()
    assert "bị loại vì không đáng tin cậy" in body
    assert "2 phút" in body
    assert ": 1." in body
    assert 'name="mode"' in body


def test_downloads_count_once_per_plan_and_only_for_plausible_assessments(
    client, mixed_city, center_staff
):
    first = mixed_city.enterprises[0].assessments.filter(consent_statistics=True).get()
    second = mixed_city.enterprises[1].assessments.get()
    plan_pk = download(client, first)
    download(client, first)
    download(client, second)
    download(client, mixed_city.quick)
    plan = ActionPlan.objects.get(pk=plan_pk)
    assert plan.download_count == 2
    assert plan.first_downloaded_at is not None
    data = dashboard(Filters())
    assert (data.plans, data.downloaded) == (6, 2)
    client.force_login(center_staff)
    response = client.get(reverse("center:aggregates_csv"))
    rows = {
        (r[0], r[1]): r
        for r in csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    }
    assert rows[("figures", "downloaded")][4] == "2"
    assert rows[("figures", "submitted")][4] == "11"
    assert rows[("figures", "implausible")][4] == "1"
    assert rows[("overall", "overall")][3:6] == ["8", "10", "50.0"]
    assert rows[("mode_count", "self")][3:5] == ["8", "9"]
    assert rows[("mode_count", "assisted")][3] == "< 5"


def test_open_data_counts_only_plausible_assessments(mixed_city):
    total = next(r for r in opendata.build("vi")["rows"] if r["table"] == "total")
    assert (total["organisations"], total["assessments"]) == (8, 10)
    assert total["mean_overall"] == 50.0


def _queries(filters: Filters) -> int:
    with CaptureQueriesContext(connection) as captured:
        dashboard(filters)
    return len(captured)


def test_query_count_stays_constant_with_more_assessments_of_every_mode(mixed_city, client):
    filters = [Filters(), Filters(mode="assisted"), Filters(unit="A", mode="self")]
    before = [_queries(f) for f in filters]
    advisor = Assessment.objects.filter(assisted_by__isnull=False).first().assisted_by
    for i in range(30):
        org = Organisation.objects.create(
            name=f"Thêm {i}",
            kind=OrganisationKind.HOUSEHOLD,
            sector=mixed_city.enterprises[0].sector,
            administrative_unit=mixed_city.unit_a,
            size_band="micro",
        )
        mode = ["self", "assisted", "paper"][i % 3]
        made = took(
            submit(mixed_city.questionnaire, org, i * 3, APRIL_20),
            30 if i % 2 else 600,
            mode,
            None if mode == "self" else advisor,
        )
        ActionPlan.objects.create(assessment=made, status="ready", actions=[action("a1")])
        if i % 4 == 0:
            download(client, made)
    assert dashboard(Filters()).submitted > 30
    assert [_queries(f) for f in filters] == before


def test_an_organisation_assessed_twice_in_the_period_counts_once(mixed_city):
    # April: co-operative 0 (80), co-operative 1 (90, then 100 with the advisor),
    # enterprise 3 on paper (20); the quick one left out. Enterprise 0's February
    # submission is before the period and does not hide its March one.
    april = dashboard(Filters(date_from=date(2026, 4, 1), date_to=date(2026, 4, 30)))
    assert (april.submitted, april.organisations, april.returning) == (4, 3, 1)
    assert april.overall.organisations == 3
    assert april.overall.mean == pytest.approx((80 + 90 + 100 + 20) / 4)
    march_on = dashboard(Filters(date_from=date(2026, 3, 1)))
    assert (march_on.submitted, march_on.organisations) == (10, 8)
    kinds = {s.key: s.organisations for s in march_on.by_kind}
    assert kinds == {"enterprise": 6, "cooperative": 2}
