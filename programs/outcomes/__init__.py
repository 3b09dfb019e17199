"""Outcome questionnaires (issue 20): the instruments as reviewable data (`data/*.yaml`), their
scoring, when they fall due, and how a patient's answers are saved page by page."""
