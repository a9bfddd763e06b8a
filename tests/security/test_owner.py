"""Only the organisation's owner removes managers, deletes its data or hands the role on
(issue 14, capability 2). Every refusal leaves the database as it was."""

# ruff: noqa: F811 (the fixtures are shared with tests/workspace/test_workspace.py)
from __future__ import annotations

import pytest

from django.contrib.auth import get_user_model

from assessment.models import Assessment, Membership, Organisation
from tests.assessment.factories import OrganisationFactory
from tests.workspace.test_workspace import managed, questionnaire, rules, user  # noqa: F401

pytestmark = pytest.mark.django_db


def state(org: Organisation) -> list[tuple[str, bool]]:
    return sorted(
        Membership.objects.filter(organisation=org).values_list("user__username", "is_owner")
    )


@pytest.fixture
def team(managed):
    """The owner, a second manager and a third one."""
    owner, assessment = managed
    org = assessment.organisation
    second = Membership.objects.create(user=user("second@htx.vn"), organisation=org)
    third = Membership.objects.create(user=user("third@htx.vn"), organisation=org)
    return org, Membership.objects.get(user=owner, organisation=org), second, third


def staff():
    return get_user_model().objects.create_superuser("admin@tt.vn", "admin@tt.vn", "pw-123456")


@pytest.mark.parametrize("who", ["manager", "staff"])
def test_only_the_owner_removes_a_manager(client, team, who):
    org, _owner, second, third = team
    client.force_login(second.user if who == "manager" else staff())
    before = state(org)
    response = client.post(f"/vi/dashboard/organisations/{org.pk}/managers/{third.pk}/remove/")
    assert response.status_code == 403
    assert "Chỉ chủ sở hữu mới làm được việc này" in response.content.decode()
    assert state(org) == before


def test_a_manager_cannot_remove_the_owner(client, team):
    org, owner, second, _third = team
    client.force_login(second.user)
    before = state(org)
    response = client.post(f"/vi/dashboard/organisations/{org.pk}/managers/{owner.pk}/remove/")
    assert response.status_code == 403
    assert state(org) == before


def test_the_owner_cannot_remove_themselves_before_handing_over(client, team):
    org, owner, _second, _third = team
    client.force_login(owner.user)
    before = state(org)
    response = client.post(
        f"/vi/dashboard/organisations/{org.pk}/managers/{owner.pk}/remove/", follow=True
    )
    assert "trước hết hãy chuyển quyền chủ sở hữu" in response.content.decode()
    assert state(org) == before


@pytest.mark.parametrize("who", ["manager", "staff"])
def test_only_the_owner_deletes_the_organisation(client, team, who):
    org, _owner, second, _third = team
    client.force_login(second.user if who == "manager" else staff())
    url = f"/vi/dashboard/organisations/{org.pk}/delete/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"confirm_name": org.name}).status_code == 403
    assert Organisation.objects.filter(pk=org.pk).exists()
    assert Assessment.objects.filter(organisation=org).exists()


@pytest.mark.parametrize("who", ["manager", "staff"])
def test_only_the_owner_hands_the_role_on(client, team, who):
    org, _owner, second, third = team
    client.force_login(second.user if who == "manager" else staff())
    before = state(org)
    url = f"/vi/dashboard/organisations/{org.pk}/managers/{third.pk}/owner/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"confirm": "yes"}).status_code == 403
    # Nor can a manager make themselves the owner.
    own = f"/vi/dashboard/organisations/{org.pk}/managers/{second.pk}/owner/"
    assert client.post(own, {"confirm": "yes"}).status_code == 403
    assert state(org) == before


def test_handing_over_needs_the_confirmation(client, team):
    org, owner, second, _third = team
    client.force_login(owner.user)
    before = state(org)
    url = f"/vi/dashboard/organisations/{org.pk}/managers/{second.pk}/owner/"
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Đánh dấu vào ô" in response.content.decode()
    assert state(org) == before


def test_the_role_cannot_go_to_another_organisations_manager(client, team, questionnaire):
    org, owner, _second, _third = team
    elsewhere = Membership.objects.create(
        user=user("x@other.vn"), organisation=OrganisationFactory()
    )
    client.force_login(owner.user)
    before = state(org)
    url = f"/vi/dashboard/organisations/{org.pk}/managers/{elsewhere.pk}/owner/"
    assert client.post(url, {"confirm": "yes"}).status_code == 404
    assert state(org) == before
    assert Membership.objects.get(pk=elsewhere.pk).is_owner  # still owner of its own


def test_the_database_allows_one_owner_per_organisation(team):
    from django.db import IntegrityError, transaction

    org, _owner, second, _third = team
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=second.pk).update(is_owner=True)
    assert [row for row in state(org) if row[1]] == [("manager@htx.vn", True)]
