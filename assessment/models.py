"""Questionnaires, organisations and assessments (built in the assessment issue)."""
