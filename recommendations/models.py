"""Recommendation rules and action plans (built in the recommendations issue)."""
