from django.apps import AppConfig


class AdvisorsConfig(AppConfig):
    """The screens of advisors (community digital-technology teams and the center's staff)
    who assess with an organisation or type in a paper questionnaire for it. No models of
    its own: an advisor is ``assessment.Advisor``."""

    name = "portal.advisors"
    label = "advisors"
    verbose_name = "Advisors"
