"""Admin registration of the cms app: the topic taxonomy as a snippet."""

from __future__ import annotations

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms import TopicForm
from .models import Topic


class TopicViewSet(SnippetViewSet):
    """Editors maintain the topics guidance is filed under."""

    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "name_en", "dimension_key", "slug"]
    list_filter = ["dimension_key"]
    search_fields = ["name", "name_en"]
    edit_handler = ObjectList(Topic.panels, base_form_class=TopicForm)


register_snippet(TopicViewSet)


@hooks.register("insert_global_admin_css")
def admin_touch_targets() -> str:
    """Bring the few admin controls smaller than WCAG 2.2's 24 px target up to size."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
