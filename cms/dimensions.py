"""Which questionnaire dimensions a guidance topic can be tied to.

Dimensions are data of the assessment app's versioned questionnaire, which cms must not
import. The assessment app registers a function under the Wagtail hook
``portal_dimension_choices`` returning ``[(key, name), …]`` of the live questionnaire;
the topic form offers those keys, and a system check flags topics tied to a key the
live questionnaire does not have.
"""

from __future__ import annotations

from wagtail import hooks

HOOK_NAME = "portal_dimension_choices"


def dimension_choices() -> list[tuple[str, str]]:
    """``(key, name)`` of every dimension of the live questionnaire, in order."""
    choices: list[tuple[str, str]] = []
    for provider in hooks.get_hooks(HOOK_NAME):
        choices.extend(provider())
    return choices
