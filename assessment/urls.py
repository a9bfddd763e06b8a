from __future__ import annotations

from django.urls import path

from . import views

# "<token:…>" is registered by the project (portal/converters.py) before apps are included.
app_name = "assessment"

urlpatterns = [
    path("", views.start, name="start"),
    path("how-we-score/", views.how_we_score, name="how_we_score"),
    path("shared/<token:share_token>/", views.shared_results, name="shared_results"),
    path("<token:token>/", views.resume, name="resume"),
    path("<token:token>/profile/", views.profile, name="profile"),
    path("<token:token>/step/<int:number>/", views.step, name="step"),
    path("<token:token>/saved/", views.saved, name="saved"),
    path("<token:token>/check/", views.check, name="check"),
    path("<token:token>/submit/", views.submit, name="submit"),
    path("<token:token>/results/", views.results, name="results"),
]
