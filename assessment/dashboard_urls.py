from __future__ import annotations

from django.urls import path

from . import dashboard
from .urls import TokenConverter  # noqa: F401 - registers the "token" converter

app_name = "dashboard"

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("organisations/<int:organisation_id>/", dashboard.organisation, name="organisation"),
    path(
        "organisations/<int:organisation_id>/checklist/",
        dashboard.update_checklist,
        name="checklist",
    ),
    path("organisations/<int:organisation_id>/targets/", dashboard.update_targets, name="targets"),
    path("organisations/<int:organisation_id>/reassess/", dashboard.reassess, name="reassess"),
    path("organisations/<int:organisation_id>/help/", dashboard.support_request, name="support"),
    path("organisations/<int:organisation_id>/invite/", dashboard.invite, name="invite"),
    path(
        "organisations/<int:organisation_id>/managers/<int:membership_id>/remove/",
        dashboard.remove,
        name="remove_manager",
    ),
    path("organisations/<int:organisation_id>/export/", dashboard.export, name="export"),
    path("organisations/<int:organisation_id>/delete/", dashboard.delete, name="delete"),
    path("invitations/<str:token>/", dashboard.accept, name="accept_invitation"),
    path("claim/<token:token>/", dashboard.claim_assessment, name="claim"),
    path(
        "help/<token:token>/", dashboard.support_request_from_results, name="support_from_results"
    ),
]
