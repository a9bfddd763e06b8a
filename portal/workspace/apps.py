from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    """The manager's workspace (no models): an app so its templates and hooks are found."""

    name = "portal.workspace"
    label = "workspace"
    verbose_name = "Workspace"
