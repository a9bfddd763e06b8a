"""The owner role: the first manager owns the organisation, hands the role on after
confirming, and stays a manager. The refusals are replayed in tests/security/test_owner.py."""

# ruff: noqa: F811 (the fixtures are shared with tests/workspace/test_workspace.py)
from __future__ import annotations

import importlib

import pytest

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model

from assessment.models import Membership, Organisation
from tests.assessment.factories import OrganisationFactory
from tests.workspace.test_workspace import managed, questionnaire, rules, user  # noqa: F401

pytestmark = pytest.mark.django_db


def owners(org_id: int) -> list[str]:
    return list(
        Membership.objects.filter(organisation_id=org_id, is_owner=True).values_list(
            "user__username", flat=True
        )
    )


def test_the_first_manager_is_the_owner_and_the_next_is_not():
    org = OrganisationFactory()
    Membership.objects.create(user=user("first@htx.vn"), organisation=org)
    Membership.objects.create(user=user("second@htx.vn"), organisation=org)
    assert owners(org.pk) == ["first@htx.vn"]


def test_the_migration_makes_the_earliest_manager_owner():
    migration = importlib.import_module("assessment.migrations.0005_membership_owner")
    a, b = OrganisationFactory(), OrganisationFactory()
    early, late, other = user("early@htx.vn"), user("late@htx.vn"), user("other@htx.vn")
    for person, org in ((early, a), (late, a), (other, b)):
        Membership.objects.create(user=person, organisation=org)
    Membership.objects.update(is_owner=False)  # as before the migration

    migration.earliest_manager_owns(global_apps, None)

    assert owners(a.pk) == ["early@htx.vn"]
    assert owners(b.pk) == ["other@htx.vn"]


def test_the_dashboard_shows_the_owner_and_the_owner_controls(client, managed):
    manager, assessment = managed
    org = assessment.organisation
    second = Membership.objects.create(user=user("second@htx.vn"), organisation=org)
    client.force_login(manager)
    html = client.get(f"/vi/dashboard/organisations/{org.pk}/").content.decode()
    assert "Chủ sở hữu" in html
    assert f"/managers/{second.pk}/owner/" in html
    assert f"/dashboard/organisations/{org.pk}/delete/" in html

    client.force_login(second.user)
    html = client.get(f"/vi/dashboard/organisations/{org.pk}/").content.decode()
    assert "/owner/" not in html
    assert "/remove/" not in html
    assert f"/dashboard/organisations/{org.pk}/delete/" not in html
    assert "Chỉ chủ sở hữu mới có thể xóa người quản lý" in html


def test_the_owner_hands_the_role_on_after_confirming_and_stays_a_manager(client, managed):
    manager, assessment = managed
    org = assessment.organisation
    second = Membership.objects.create(user=user("second@htx.vn"), organisation=org)
    client.force_login(manager)
    url = f"/vi/dashboard/organisations/{org.pk}/managers/{second.pk}/owner/"

    page = client.get(url)
    assert page.status_code == 200
    assert "second@htx.vn" in page.content.decode()
    assert owners(org.pk) == ["manager@htx.vn"]  # looking changes nothing

    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert response.status_code == 200
    assert "second@htx.vn là chủ sở hữu" in response.content.decode()
    assert owners(org.pk) == ["second@htx.vn"]
    assert Membership.objects.filter(organisation=org, user=manager).exists()

    # The new owner can now do what only the owner does: remove the old owner.
    client.force_login(second.user)
    old = Membership.objects.get(organisation=org, user=manager)
    client.post(f"/vi/dashboard/organisations/{org.pk}/managers/{old.pk}/remove/")
    assert list(Membership.objects.filter(organisation=org)) == [second]


def test_the_owner_removes_a_manager(client, managed):
    manager, assessment = managed
    org = assessment.organisation
    second = Membership.objects.create(user=user("second@htx.vn"), organisation=org)
    client.force_login(manager)
    response = client.post(
        f"/vi/dashboard/organisations/{org.pk}/managers/{second.pk}/remove/", follow=True
    )
    assert "Đã xóa người quản lý" in response.content.decode()
    assert not Membership.objects.filter(pk=second.pk).exists()


def test_the_owner_deletes_the_organisation(client, managed):
    manager, assessment = managed
    org = assessment.organisation
    client.force_login(manager)
    client.post(f"/vi/dashboard/organisations/{org.pk}/delete/", {"confirm_name": org.name})
    assert not Organisation.objects.filter(pk=org.pk).exists()


def test_when_the_owners_account_goes_the_earliest_manager_owns(managed):
    manager, assessment = managed
    org = assessment.organisation
    Membership.objects.create(user=user("second@htx.vn"), organisation=org)
    Membership.objects.create(user=user("third@htx.vn"), organisation=org)
    get_user_model().objects.filter(pk=manager.pk).delete()
    assert owners(org.pk) == ["second@htx.vn"]
