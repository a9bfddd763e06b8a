from __future__ import annotations

from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/<int:organisation_id>/", views.organisation, name="organisation"),
    path(
        "organisations/<int:organisation_id>/checklist/",
        views.update_checklist,
        name="checklist",
    ),
    path("organisations/<int:organisation_id>/targets/", views.update_targets, name="targets"),
    path("organisations/<int:organisation_id>/reassess/", views.reassess, name="reassess"),
    path("organisations/<int:organisation_id>/help/", views.support_request, name="support"),
    path("organisations/<int:organisation_id>/invite/", views.invite, name="invite"),
    path(
        "organisations/<int:organisation_id>/managers/<int:membership_id>/remove/",
        views.remove,
        name="remove_manager",
    ),
    path(
        "organisations/<int:organisation_id>/managers/<int:membership_id>/owner/",
        views.transfer,
        name="transfer_owner",
    ),
    path("organisations/<int:organisation_id>/export/", views.export, name="export"),
    path("organisations/<int:organisation_id>/delete/", views.delete, name="delete"),
    path("invitations/<str:token>/", views.accept, name="accept_invitation"),
    path("claim/<token:token>/", views.claim_assessment, name="claim"),
    path("claim/confirm/<str:signed>/", views.claim_confirm, name="claim_confirm"),
    path("help/<token:token>/", views.support_request_from_results, name="support_from_results"),
]
