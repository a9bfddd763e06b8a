"""Admin words Wagtail 7.4's Vietnamese catalogue leaves in English.

``gettext_noop`` only marks them for ``makemessages``: the site catalogue (locale/) then
carries their Vietnamese, and Django finds it there before Wagtail's own catalogue. Never
add a word Wagtail does translate: ours would override Wagtail's (as "Pages" once did).
"""

from django.utils.translation import gettext_noop

WAGTAIL_VI_GAPS = [
    gettext_noop("Images"),
    gettext_noop("Documents"),
    gettext_noop("Reports"),
    gettext_noop("Search…"),
    gettext_noop("Help"),
    # The filters and pagination of listings (the support inbox's, Wagtail's own).
    gettext_noop("Show filters"),
    gettext_noop("Filter by"),
    gettext_noop("Page %(page_num)s of %(total_pages)s"),
]
