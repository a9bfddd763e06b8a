from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from cms.ratelimits import rate_limited

from . import two_factor_views
from .forms import (
    ConfirmingSetPasswordForm,
    EmailAuthenticationForm,
    NamedPasswordChangeForm,
    VietnameseFirstPasswordResetForm,
)
from .views import signup, verify

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="account/login.html", authentication_form=EmailAuthenticationForm
        ),
        name="account_login",
    ),
    path(
        "logout/",
        auth_views.LogoutView.as_view(template_name="account/logged_out.html"),
        name="account_logout",
    ),
    path("signup/", signup, name="account_signup"),
    path("verify/<str:token>/", verify, name="account_verify"),
    path("two-factor/", two_factor_views.verify, name="account_otp_verify"),
    path("two-factor/setup/", two_factor_views.setup, name="account_otp_setup"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="account/password_change.html",
            form_class=NamedPasswordChangeForm,
            success_url=reverse_lazy("account_password_change_done"),
        ),
        name="account_password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="account/password_change_done.html"
        ),
        name="account_password_change_done",
    ),
    path(
        "password/reset/",
        rate_limited("password-reset")(
            auth_views.PasswordResetView.as_view(
                template_name="account/password_reset.html",
                email_template_name="account/email/password_reset.txt",
                subject_template_name="account/email/password_reset_subject.txt",
                form_class=VietnameseFirstPasswordResetForm,
                success_url=reverse_lazy("account_password_reset_done"),
            )
        ),
        name="account_password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="account/password_reset_done.html"),
        name="account_password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="account/password_reset_confirm.html",
            form_class=ConfirmingSetPasswordForm,
            success_url=reverse_lazy("account_password_reset_complete"),
        ),
        name="account_password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="account/password_reset_complete.html"
        ),
        name="account_password_reset_complete",
    ),
]
