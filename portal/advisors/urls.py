from __future__ import annotations

from django.urls import path

from . import paper_views, views

app_name = "advisors"

urlpatterns = [
    path("", views.home, name="home"),
    path("paper-form.pdf", paper_views.paper_form_pdf, name="paper_form_pdf"),
    path("paper/", paper_views.paper_start, name="paper_start"),
    path("paper/<int:pk>/", paper_views.paper_resume, name="paper_resume"),
    path("paper/<int:pk>/profile/", paper_views.paper_profile, name="paper_profile"),
    path("paper/<int:pk>/check/", paper_views.paper_check, name="paper_check"),
    path("paper/<int:pk>/submit/", paper_views.paper_submit, name="paper_submit"),
    path("paper/<int:pk>/<int:number>/", paper_views.paper_step, name="paper_step"),
    path("start/", views.start, name="start"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/code/renew/", views.renew_code, name="renew_code"),
    path("assessments/<int:pk>/code/withdraw/", views.withdraw_code, name="withdraw_code"),
]
