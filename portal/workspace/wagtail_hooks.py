"""What the workspace adds to pages of the apps below it."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from wagtail import hooks

from assessment.models import Assessment


@hooks.register("assessment_results_panels", order=20)
def keep_going_panel(request: HttpRequest, assessment: Assessment) -> str:
    """Ask for help, or save the assessment to an account, from the results page."""
    return render_to_string(
        "workspace/results_panel.html",
        {
            "assessment": assessment,
            # The advisor who assisted it hands over a claim code rather than claiming it.
            "claimed": assessment.is_claimed
            or (
                assessment.mode != Assessment.Mode.SELF
                and assessment.assisted_by_id is not None
                and assessment.assisted_by_id == request.user.pk
            ),
        },
        request=request,
    )
