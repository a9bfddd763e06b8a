"""The access matrix (issue 14, the standing hostile suite): every object URL of the site
× five kinds of visitor, with the status each must get.

The object is a submitted, claimed assessment of an organisation with two managers (the
owner and a second one), a ready PDF plan, a share link and a pending invitation. The
visitors: nobody signed in, the manager of another organisation, the owner, an editor of
the guidance (Wagtail's editors group, no staff flag) and a superuser. Objects are never
confirmed to outsiders: 404 for them, 302 to the log-in page for anonymous visitors on
pages that need an account, 403 for the owner-only actions of anyone but the owner.
Every request is a GET except the writes, which are posted (regenerate, claim, invitation
acceptance, removing a manager, handing over the owner role); after a refused write the
database is unchanged.
"""

from __future__ import annotations

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client

from assessment.models import Assessment, Invitation, Membership
from cms.editorial import EDITORS, ensure_editorial_setup
from portal.workspace.services import create_invitation
from recommendations.models import ActionPlan
from tests.assessment.factories import build_questionnaire
from tests.recommendations.conftest import SHAPE, submitted_assessment

pytestmark = pytest.mark.django_db

VISITORS = ["anonymous", "other_manager", "owner", "editor", "superuser"]

# (name, method, URL pattern) – the pattern is filled from the world below.
URLS = [
    ("resume", "get", "/vi/assessment/{token}/"),
    ("profile", "get", "/vi/assessment/{token}/profile/"),
    ("step", "get", "/vi/assessment/{token}/step/1/"),
    ("saved", "get", "/vi/assessment/{token}/saved/"),
    ("check", "get", "/vi/assessment/{token}/check/"),
    ("results", "get", "/vi/assessment/{token}/results/"),
    ("shared results", "get", "/vi/assessment/shared/{share}/"),
    ("plan page", "get", "/vi/assessment/{token}/plan/{plan}/"),
    ("plan status", "get", "/vi/assessment/{token}/plan/{plan}/status/"),
    ("plan download", "get", "/vi/assessment/{token}/plan/{plan}/download/"),
    ("regenerate", "post", "/vi/assessment/{token}/plan/"),
    ("help request (results)", "get", "/vi/dashboard/help/{token}/"),
    ("claim", "get", "/vi/dashboard/claim/{token}/"),
    ("claim (post)", "post", "/vi/dashboard/claim/{token}/"),
    ("dashboard", "get", "/vi/dashboard/organisations/{org}/"),
    ("help request (dashboard)", "get", "/vi/dashboard/organisations/{org}/help/"),
    ("export", "get", "/vi/dashboard/organisations/{org}/export/"),
    ("delete", "get", "/vi/dashboard/organisations/{org}/delete/"),
    ("hand over (page)", "get", "/vi/dashboard/organisations/{org}/managers/{second}/owner/"),
    ("hand over", "post", "/vi/dashboard/organisations/{org}/managers/{second}/owner/"),
    ("remove manager", "post", "/vi/dashboard/organisations/{org}/managers/{second}/remove/"),
    ("invitation", "get", "/vi/dashboard/invitations/{invitation}/"),
    ("invitation (accept)", "post", "/vi/dashboard/invitations/{invitation}/"),
]

# What each visitor gets, URL by URL (same order as URLS).
LOGIN = 302  # to the log-in page
OUTSIDER = {
    "resume": 404,
    "profile": 404,
    "step": 404,
    "saved": 404,
    "check": 404,
    "results": 404,
    "shared results": 200,  # the read-only share link is a capability on its own
    "plan page": 404,
    "plan status": 404,
    "plan download": 404,
    "regenerate": 404,
    "help request (results)": 404,
    "claim": 404,
    "claim (post)": 404,
    "dashboard": 404,
    "help request (dashboard)": 404,
    "export": 404,
    "delete": 404,
    "hand over (page)": 404,
    "hand over": 404,
    "remove manager": 404,
    "invitation": 200,  # the acceptance form; accepting needs the invited address
    "invitation (accept)": 400,
}
EXPECTED = {
    "anonymous": {
        **OUTSIDER,
        "claim": LOGIN,
        "claim (post)": LOGIN,
        "dashboard": LOGIN,
        "help request (dashboard)": LOGIN,
        "export": LOGIN,
        "delete": LOGIN,
        "hand over (page)": LOGIN,
        "hand over": LOGIN,
        "remove manager": LOGIN,
        "invitation": LOGIN,
        "invitation (accept)": LOGIN,
    },
    "other_manager": OUTSIDER,
    "editor": OUTSIDER,
    "owner": {
        "resume": 302,  # a submitted assessment opens on its results
        "profile": 302,
        "step": 302,
        "saved": 200,  # the "your answers are saved" page, with its resume link
        "check": 302,
        "results": 200,
        "shared results": 200,
        "plan page": 200,
        "plan status": 200,
        "plan download": 200,
        "regenerate": 302,
        "help request (results)": 200,
        "claim": 200,
        "claim (post)": 404,  # already claimed, with another manager: nothing to take
        "dashboard": 200,
        "help request (dashboard)": 200,
        "export": 200,
        "delete": 200,
        "hand over (page)": 200,
        "hand over": 400,  # without ticking the confirmation
        "remove manager": 302,
        "invitation": 200,
        "invitation (accept)": 400,  # sent to someone else
    },
    "superuser": {
        "resume": 302,
        "profile": 302,
        "step": 302,
        "saved": 200,
        "check": 302,
        "results": 200,
        "shared results": 200,
        "plan page": 200,
        "plan status": 200,
        "plan download": 200,
        "regenerate": 302,
        "help request (results)": 200,
        "claim": 200,
        "claim (post)": 404,  # staff see everything but cannot take it
        "dashboard": 200,
        "help request (dashboard)": 200,
        "export": 200,
        "delete": 403,  # the owner's alone
        "hand over (page)": 403,
        "hand over": 403,
        "remove manager": 403,
        "invitation": 200,
        "invitation (accept)": 400,
    },
}


def person(username: str, **extra):
    return get_user_model().objects.create_user(username, username, "pw-123456", **extra)


@pytest.fixture
def world():
    assessment = submitted_assessment(build_questionnaire(SHAPE))
    org = assessment.organisation
    owner = person("owner@htx.vn")
    Membership.objects.create(user=owner, organisation=org)  # the first: the owner
    second = Membership.objects.create(user=person("second@htx.vn"), organisation=org)
    Assessment.objects.filter(pk=assessment.pk).update(created_by=owner)

    plan = ActionPlan.objects.get(assessment=assessment, language="vi")
    plan.file.save("plan.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    plan.status = ActionPlan.Status.READY
    plan.save()

    elsewhere = submitted_assessment(build_questionnaire(SHAPE))
    other_manager = person("other@htx.vn")
    Membership.objects.create(user=other_manager, organisation=elsewhere.organisation)

    ensure_editorial_setup([], [])
    editor = person("bientap@ttht.vn")
    editor.groups.add(Group.objects.get(name=EDITORS))
    superuser = get_user_model().objects.create_superuser("admin@ttht.vn", "admin@ttht.vn", "pw")

    _invitation, invitation_token = create_invitation(org, "new@htx.vn", owner)
    values = {
        "token": assessment.token,
        "share": assessment.ensure_share_token(),
        "plan": plan.pk,
        "org": org.pk,
        "second": second.pk,
        "invitation": invitation_token,
    }
    visitors = {
        "anonymous": None,
        "other_manager": other_manager,
        "owner": owner,
        "editor": editor,
        "superuser": superuser,
    }
    return values, visitors


def state() -> tuple:
    """What a refused write must leave as it was."""
    return (
        sorted(Membership.objects.values_list("organisation_id", "user__username", "is_owner")),
        sorted(Assessment.objects.values_list("pk", "organisation_id", "created_by_id")),
        sorted(ActionPlan.objects.values_list("pk", "status")),
        sorted(Invitation.objects.values_list("pk", "accepted_at")),
    )


def test_every_url_of_the_matrix_is_checked():
    assert [name for name, _method, _url in URLS] == list(OUTSIDER)
    for visitor in VISITORS:
        assert list(EXPECTED[visitor]) == list(OUTSIDER), visitor


@pytest.mark.parametrize("visitor", VISITORS)
def test_access_matrix(world, visitor):
    values, visitors = world
    got = {}
    for name, method, pattern in URLS:
        client = Client()
        if visitors[visitor] is not None:
            client.force_login(visitors[visitor])
        before = state()
        response = getattr(client, method)(pattern.format(**values))
        got[name] = response.status_code
        if method == "post" and response.status_code >= 400:
            assert state() == before, f"{name}: a refused write changed the database"
        if visitor == "anonymous" and response.status_code == LOGIN:
            assert "/accounts/login/" in response["Location"], name
    assert got == EXPECTED[visitor]
