"""The results panel's list of all actions is written in Python
(recommendations.wagtail_hooks.action_items_html) because a dozen actions with their
offers and links were most of the panel's time (#16): the markup must stay exactly what
the template loop wrote, in both languages, with every optional part present and absent
and with text that needs escaping."""

from __future__ import annotations

import pytest

from django.template import Context, Template
from django.utils import translation

from cms.guidance import GuidanceLink
from recommendations.models import SupportOffer
from recommendations.wagtail_hooks import action_items_html

# The loop of recommendations/results_panel.html before #16.
TEMPLATE_LOOP = Template(
    """{% load i18n %}{% for action in actions %}
    <li><p><strong>{{ action.title }}</strong>{% if action.quick_win %} <span class="tag">{% translate "Quick win" %}</span>{% endif %}</p>
      <p class="muted">{{ action.horizon_label }} · {% translate "Indicative cost" %}: {{ action.cost }}{% if action.duration %} · {% translate "Usual time" %}: {{ action.duration }}{% endif %}</p>
      <p>{{ action.explanation }}</p>
      {% if action.guidance %}<p>{% translate "Guidance" %}: <a href="{{ action.guidance.url }}">{{ action.guidance.title }}</a>{% if action.guidance.other_language %} <span class="muted">({% translate "in Vietnamese only for now" %})</span>{% endif %}</p>{% endif %}
      {% if action.offers %}<p>{% translate "Who can help" %}:</p><ul>{% for offer in action.offers %}<li>{% if offer.url %}<a href="{{ offer.url }}" rel="noopener">{{ offer }}</a>{% else %}{{ offer }}{% endif %} <span class="muted">({{ offer.get_provider_display }}{% if offer.to_be_confirmed %}; {% translate "details to be confirmed by the support center" %}{% endif %})</span>{% if offer.contact %}<br>{{ offer.contact }}{% endif %}</li>{% endfor %}</ul>{% endif %}
      {% if action.links %}<ul>{% for link in action.links %}<li><a href="{{ link.url }}" rel="noopener">{{ link.title }}</a></li>{% endfor %}</ul>{% endif %}
    </li>
    {% endfor %}"""  # noqa: E501
)


def offer(**fields) -> SupportOffer:
    defaults = {"key": "o", "provider": "center", "name_vi": "Tư vấn <miễn phí> & “nhanh”"}
    return SupportOffer(**{**defaults, **fields})


def action(**fields) -> dict:
    defaults = {
        "title": 'Bán hàng qua <sàn> & "mạng"',
        "explanation": "Mở gian hàng <b>thử</b> trong 30 ngày.",
        "horizon_label": "Trong 3 tháng",
        "quick_win": False,
        "cost": "1–3 triệu đồng",
        "duration": "",
        "guidance": None,
        "offers": [],
        "links": [],
    }
    return {**defaults, **fields}


# One offer helps with two actions (the list writes it once and uses it twice).
SHARED = offer(key="s", provider="partner", name_vi="Đối tác <chung>", contact="0292 3 & 4")

ACTIONS = [
    action(offers=[SHARED]),
    action(
        title="Thanh toán QR",
        quick_win=True,
        duration="2 tuần",
        guidance=GuidanceLink(7, "/vi/huong-dan/qr/?a=1&b=2", "QR <cơ bản>", False),
        offers=[
            offer(url="https://example.vn/a?x=1&y=2", contact="0292 <123>", to_be_confirmed=True),
            offer(key="p", provider="partner", name_vi="Đối tác"),
        ],
        links=[{"title": "Cổng <DVC>", "url": "https://dichvucong.gov.vn/?q=a&r=b"}],
    ),
    action(
        guidance=GuidanceLink(8, "/vi/huong-dan/an-toan/", "An toàn", True),
        offers=[offer(contact="Phòng 2"), SHARED],
        links=[
            {"title": "Một", "url": "https://example.vn/1"},
            {"title": "Hai", "url": "https://example.vn/2"},
        ],
    ),
]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_action_list_is_written_as_the_template_wrote_it(language):
    with translation.override(language):
        expected = TEMPLATE_LOOP.render(Context({"actions": ACTIONS}))
        assert str(action_items_html(ACTIONS)) == expected
        assert str(action_items_html([])) == TEMPLATE_LOOP.render(Context({"actions": []}))
