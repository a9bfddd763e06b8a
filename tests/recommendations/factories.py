"""Recommendation rules for tests, made the way staff make them (rows, not plan JSON)."""

from __future__ import annotations

from recommendations.models import RecommendationRule, RuleChoiceCondition, RuleLink


def make_rule(key: str, dimension: str, **kwargs) -> RecommendationRule:
    choices = kwargs.pop("choices", None)
    links = kwargs.pop("links", [])
    defaults = {
        "title_vi": f"Hành động {key}",
        "title_en": f"Action {key}",
        "explanation_vi": "Giải thích ngắn gọn về việc cần làm.",
        "explanation_en": "A short explanation of what to do.",
        "horizon": "30d",
        "effort": "low",
        "cost": "free",
    }
    defaults.update(kwargs)
    rule = RecommendationRule.objects.create(key=key, dimension_key=dimension, **defaults)
    if choices:
        question, keys = choices
        RuleChoiceCondition.objects.create(rule=rule, question_key=question, choice_keys=keys)
    for title, url in links:
        RuleLink.objects.create(rule=rule, title_vi=title, title_en=title, url=url)
    return rule
