"""The dashboard's aggregates against hand-computed values, its filters and who sees it."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from assessment.models import Assessment, Organisation
from cms.vocabulary import OrganisationKind
from portal.center import facts
from portal.center.queries import Filters, dashboard
from recommendations.models import ActionPlan

from .conftest import ZONE, action, submit

pytestmark = pytest.mark.django_db


def by_key(stats):
    return {s.key: s for s in stats}


def test_figures_and_scores_of_the_whole_city(small_city):
    data = dashboard(Filters())
    assert data.started == 10  # 9 submitted + 1 draft
    assert data.submitted == 9
    assert data.organisations == 8
    assert data.returning == 1
    assert data.plans == 6
    assert data.scored == 8  # the one without consent is left out
    assert data.overall.mean == pytest.approx(47.5)
    assert data.overall.median == pytest.approx(45)
    dims = by_key(data.dimensions)
    assert (dims["a"].mean, dims["a"].median) == (pytest.approx(47.5), pytest.approx(45))
    assert (dims["b"].mean, dims["b"].median) == (pytest.approx(52.5), pytest.approx(55))
    assert [s.key for s in data.weakest] == ["a", "b"]


def test_levels_and_small_groups(small_city):
    data = dashboard(Filters())
    levels = by_key(data.levels)
    assert {k: s.assessments for k, s in levels.items()} == {
        "0": 0,
        "1": 2,
        "2": 2,
        "3": 2,
        "4": 1,
        "5": 1,
    }
    assert levels["1"].suppressed  # two organisations
    assert not levels["0"].suppressed  # nobody: nothing to hide
    kinds = by_key(data.by_kind)
    assert kinds["enterprise"].mean == pytest.approx(35)
    assert kinds["enterprise"].median == pytest.approx(35)
    assert not kinds["enterprise"].suppressed
    assert kinds["cooperative"].suppressed
    assert kinds["cooperative"].shown_mean is None
    assert by_key(data.by_unit)["Phường A"].organisations == 6
    assert [m.key for m in data.months] == ["2026-03", "2026-04"]


def test_support_and_actions(small_city):
    with override("vi"):
        data = dashboard(Filters())
    needs = by_key(data.needs)
    assert needs["einvoice"].organisations == 6
    assert needs["website"].organisations == 5
    assert needs["training"].organisations == 0
    recommended = by_key(data.recommended)
    assert recommended["a1"].organisations == 6
    assert recommended["a1"].label == "Đăng ký chữ ký số"
    assert recommended["a2"].suppressed
    assert by_key(data.done)["a1"].organisations == 5
    with override("en"):
        assert by_key(dashboard(Filters()).recommended)["a1"].label == "Get a digital signature"


@pytest.mark.parametrize(
    ("filters", "organisations", "mean"),
    [
        (Filters(kind=OrganisationKind.ENTERPRISE), 6, 35),
        (Filters(unit="A"), 6, 35),
        (Filters(sector="retail"), 6, 35),
        (Filters(date_to=date(2026, 3, 31)), 6, 35),
        (Filters(date_from=date(2026, 4, 5)), 2, None),
        (Filters(kind=OrganisationKind.COOPERATIVE, sector="agri", unit="B"), 2, None),
    ],
)
def test_filters(small_city, filters, organisations, mean):
    data = dashboard(filters)
    assert data.overall.organisations == organisations
    if mean is None:
        assert data.overall.shown_mean is None
    else:
        assert data.overall.shown_mean == pytest.approx(mean)


def test_date_range_counts_the_local_day(small_city):
    # Submitted at 09:00 on 10 March in Cần Thơ: the range 10–10 March holds it.
    data = dashboard(Filters(date_from=date(2026, 3, 10), date_to=date(2026, 3, 10)))
    assert data.scored == 6


def test_center_staff_see_the_dashboard(client, small_city, center_staff):
    client.force_login(center_staff)
    response = client.get(reverse("center:statistics"), {"unit": "A"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body
    assert "Phường A" in body
    assert reverse("center:statistics") in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_dashboard_counts_a_plan_requested_a_moment_ago(client, small_city, center_staff):
    # Beat copies new plans every few seconds; the page does not wait for it.
    org = small_city.enterprises[5]  # recommended a1 only, so far
    before = by_key(dashboard(Filters()).recommended)["a2"].organisations
    ActionPlan.objects.create(
        assessment=org.assessments.first(), status=ActionPlan.Status.READY, actions=[action("a2")]
    )
    assert by_key(dashboard(Filters()).recommended)["a2"].organisations == before  # not yet

    client.force_login(center_staff)
    assert client.get(reverse("center:statistics")).status_code == 200

    assert by_key(dashboard(Filters()).recommended)["a2"].organisations == before + 1


def test_bad_filters_say_so_and_filter_nothing(client, small_city, center_staff):
    client.force_login(center_staff)
    response = client.get(
        reverse("center:statistics"), {"date_from": "2026-05-01", "date_to": "2026-01-01"}
    )
    assert response.status_code == 200
    assert response.context["data"].scored == 8
    assert response.context["form"].errors


def test_an_editor_sees_no_statistics(client, small_city, editor):
    client.force_login(editor)
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    assert reverse("center:statistics") not in home.content.decode()
    response = client.get(reverse("center:statistics"))
    assert response.status_code in (302, 403)
    assert "Phường A" not in response.content.decode()


def _queries(filters: Filters) -> int:
    with CaptureQueriesContext(connection) as captured:
        dashboard(filters)
    return len(captured)


def test_query_count_does_not_grow_with_assessments(small_city):
    before = {f: _queries(f) for f in (Filters(), Filters(unit="A"))}
    when = small_city.enterprises[0].assessments.first().submitted_at
    for i in range(40):
        org = Organisation.objects.create(
            name=f"Thêm {i}",
            kind=OrganisationKind.HOUSEHOLD,
            sector=small_city.enterprises[0].sector,
            administrative_unit=small_city.unit_a if i % 2 else small_city.unit_b,
            size_band="micro",
        )
        submit(small_city.questionnaire, org, i * 2, when)
    assert Assessment.objects.count() > 45
    after = {f: _queries(f) for f in before}
    assert after == before


def test_a_plan_with_unreadable_actions_is_still_created(small_city):
    assessment = small_city.enterprises[0].assessments.first()
    plan = ActionPlan.objects.create(assessment=assessment, actions=[{"rule": "x"}])
    assert ActionPlan.objects.filter(pk=plan.pk).exists()


def test_an_organisation_recommended_twice_counts_once_in_any_period(small_city):
    """The first-in-period count (previous_at) equals COUNT(DISTINCT organisation)."""
    org = small_city.enterprises[0]
    later = submit(small_city.questionnaire, org, 15, datetime(2026, 4, 20, 9, tzinfo=ZONE))
    ActionPlan.objects.create(
        assessment=later, status=ActionPlan.Status.READY, actions=[action("a1")]
    )
    facts.copy_pending()
    recommended = by_key(dashboard(Filters()).recommended)
    assert recommended["a1"].organisations == 6
    april = by_key(dashboard(Filters(date_from=date(2026, 4, 1))).recommended)
    assert april["a1"].organisations == 1
    march = by_key(dashboard(Filters(date_to=date(2026, 3, 31))).recommended)
    assert march["a1"].organisations == 6


def test_under_the_mode_filter_an_organisation_counts_on_its_first_row_made_that_way(
    small_city, django_user_model
):
    """Five enterprises recommended a1 on their own in March, then again with an advisor in
    April: with the "assisted" filter each counts once (their April row), not zero."""
    advisor = django_user_model.objects.create_user("tvv@example.vn")
    for org in small_city.enterprises[:5]:
        assisted = submit(small_city.questionnaire, org, 35, datetime(2026, 4, 20, 9, tzinfo=ZONE))
        assisted.mode, assisted.assisted_by = Assessment.Mode.ASSISTED, advisor
        assisted.save(update_fields=["mode", "assisted_by"])
        ActionPlan.objects.create(
            assessment=assisted, status=ActionPlan.Status.READY, actions=[action("a1")]
        )
    facts.copy_pending()

    assert by_key(dashboard(Filters(mode="assisted")).recommended)["a1"].organisations == 5
    assert by_key(dashboard(Filters(mode="self")).recommended)["a1"].organisations == 6
    assert by_key(dashboard(Filters()).recommended)["a1"].organisations == 6
    april = Filters(mode="assisted", date_from=date(2026, 4, 1))
    assert by_key(dashboard(april).recommended)["a1"].organisations == 5


def test_an_organisation_that_moves_ward_moves_in_the_statistics(small_city):
    org = small_city.coops[0]
    org.administrative_unit = small_city.unit_a
    org.save()
    units = by_key(dashboard(Filters()).by_unit)
    assert units["Phường A"].organisations == 7
    assert units["Xã B"].organisations == 1
