"""The steps of one assessment: profile, one step per dimension that applies, check."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from . import scoring
from .answers import answers_of
from .forms import stored_answer_problem
from .models import Assessment, Dimension, Question
from .structure import Structure, load_structure


@dataclass
class Flow:
    """Where an assessment stands in the questionnaire, and the URL of each step."""

    assessment: Assessment
    structure: Structure
    # The saved answers, read on first use: the profile step and the step numbers depend
    # only on the organisation's kind, so the profile page never reads them.
    _answers: dict[str, scoring.AnswerValue] | None = field(default=None, repr=False)
    _dimensions: dict[str | None, list[Dimension]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, assessment: Assessment) -> Flow:
        return cls(assessment, load_structure(assessment.questionnaire))

    @property
    def answers(self) -> dict[str, scoring.AnswerValue]:
        if self._answers is None:
            self._answers = answers_of(self.assessment)
        return self._answers

    @property
    def org_kind(self) -> str | None:
        org = self.assessment.organisation
        return org.kind if org else None

    def questions_of(self, dimension: Dimension) -> list[Question]:
        """Questions of ``dimension`` meant for this kind of organisation (conditions on
        earlier answers are decided on the page)."""
        kind = self.org_kind
        return [
            q
            for q in self.structure.questions_of(dimension)
            if scoring.is_for_kind(self.structure.question_spec(q), kind)
        ]

    def is_asked(self, question: Question, answers: dict | None = None) -> bool:
        return scoring.is_asked(
            self.structure.question_spec(question),
            self.answers if answers is None else answers,
            self.org_kind,
        )

    @property
    def dimensions(self) -> list[Dimension]:
        """The dimensions with a question for this kind of organisation (worked out once
        per kind: a page asks for them several times, and the profile step may change
        the kind)."""
        kind = self.org_kind
        dimensions = self._dimensions.get(kind)
        if dimensions is None:
            dimensions = self._dimensions[kind] = [
                d for d in self.structure.dimensions if self.questions_of(d)
            ]
        return dimensions

    @property
    def total_steps(self) -> int:
        return len(self.dimensions) + 2  # profile + dimensions + check

    def step_url(self, number: int) -> str:
        token = self.assessment.token
        if number <= 1:
            return reverse("assessment:profile", args=[token])
        if number >= self.total_steps:
            return reverse("assessment:check", args=[token])
        return reverse("assessment:step", args=[token, number])

    def next_step(self) -> int:
        if self.assessment.organisation_id is None:
            return 1
        return min(self.assessment.steps_done + 2, self.total_steps)

    def progress(self, number: int) -> dict[str, int]:
        return {
            "number": number,
            "total": self.total_steps,
            "percent": round(100 * number / self.total_steps),
        }

    def missing_required(self) -> list[tuple[int, Dimension, Question]]:
        """Required questions that are asked but not answered, with their step number."""
        missing = []
        for index, dimension in enumerate(self.dimensions, start=2):
            for question in self.questions_of(dimension):
                if (
                    question.required
                    and question.key not in self.answers
                    and self.is_asked(question)
                ):
                    missing.append((index, dimension, question))
        return missing

    def invalid_answers(self) -> list[tuple[int, Question, str]]:
        """Stored answers to asked questions that can no longer be submitted (a repeated
        or unknown choice, "none" with others...), with their step and what to do."""
        invalid = []
        for index, dimension in enumerate(self.dimensions, start=2):
            for question in self.questions_of(dimension):
                value = self.answers.get(question.key)
                if value is None or not self.is_asked(question):
                    continue
                problem = stored_answer_problem(question, value)
                if problem:
                    invalid.append((index, question, problem))
        return invalid
