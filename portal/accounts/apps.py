from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Sign-up and verification; an app so Celery finds its clean-up task."""

    name = "portal.accounts"
    label = "portal_accounts"
    verbose_name = "Accounts"
