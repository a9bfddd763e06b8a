"""A questionnaire version as the flow, the forms and the scoring engine read it.

A published version is frozen, so its structure is loaded in a fixed number of queries
and converted to the scoring engine's plain specs once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cms.i18n import active_language, localized

from . import scoring
from .models import Choice, Dimension, Level, Question, Questionnaire, QuestionType

# The built-in answers of the two question types that have no choices of their own.
SCALE_LABELS = (
    pgettext_lazy("adoption scale", "Not used"),
    pgettext_lazy("adoption scale", "Exploring"),
    pgettext_lazy("adoption scale", "Trying out"),
    pgettext_lazy("adoption scale", "Partly in use"),
    pgettext_lazy("adoption scale", "In regular use"),
    pgettext_lazy("adoption scale", "Fully operational"),
)
TRISTATE_LABELS = (
    ("no", pgettext_lazy("answer", "No")),
    ("partly", pgettext_lazy("answer", "Partly")),
    ("yes", pgettext_lazy("answer", "Yes")),
)
NOT_APPLICABLE_LABEL = _("Not applicable")


@dataclass
class Structure:
    """A questionnaire with everything below it, loaded in a fixed number of queries."""

    questionnaire: Questionnaire
    dimensions: list[Dimension]
    levels: list[Level]
    _specs: dict[str, scoring.QuestionSpec] = field(default_factory=dict, repr=False)
    _questions: dict[int, tuple[Question, ...]] = field(default_factory=dict, repr=False)
    _labels: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict, repr=False)

    @property
    def questions(self) -> Iterable[Question]:
        for dimension in self.dimensions:
            yield from self.questions_of(dimension)

    def questions_of(self, dimension: Dimension) -> tuple[Question, ...]:
        """``dimension``'s questions in order (its prefetched list, read once: each
        request of the flow walks them several times)."""
        questions = self._questions.get(dimension.pk)
        if questions is None:
            questions = self._questions[dimension.pk] = tuple(dimension.questions.all())
        return questions

    def answer_labels(
        self, question: Question, value: scoring.AnswerValue, language: str
    ) -> list[str]:
        """:func:`answer_labels` with the question's labels in ``language`` worked out once
        per structure (a submit's snapshot labels every answer in both languages)."""
        if value is scoring.NA:
            return answer_labels(question, value, language)
        labels = self._labels.get((question.key, language))
        if labels is None:
            labels = self._labels[question.key, language] = dict(choice_options(question, language))
        keys = [str(value)] if isinstance(value, int) else list(value)
        return [labels.get(k, k) for k in keys]

    def question_spec(self, question: Question) -> scoring.QuestionSpec:
        """The scoring engine's view of ``question``, converted once per structure."""
        spec = self._specs.get(question.key)
        if spec is None:
            spec = self._specs[question.key] = question_spec(question)
        return spec

    def spec(self) -> scoring.QuestionnaireSpec:
        return scoring.QuestionnaireSpec(
            dimensions=tuple(
                scoring.DimensionSpec(
                    key=d.key,
                    weight=float(d.weight),
                    questions=tuple(self.question_spec(q) for q in self.questions_of(d)),
                )
                for d in self.dimensions
            ),
            levels=tuple(
                scoring.LevelSpec(level=lv.level, min_score=float(lv.min_score))
                for lv in self.levels
            ),
        )


def question_spec(question: Question) -> scoring.QuestionSpec:
    condition = None
    if question.condition_question_key:
        condition = scoring.Condition(
            question=question.condition_question_key,
            choices=frozenset(question.condition_choice_keys),
        )
    return scoring.QuestionSpec(
        key=question.key,
        type=question.type,
        weight=float(question.weight),
        choices=tuple(scoring.ChoiceSpec(c.key, float(c.score)) for c in question.choices.all()),
        org_kinds=frozenset(question.org_kinds or ()),
        condition=condition,
    )


# Structures of published (and retired) versions, per process. Such a version never
# changes (editors copy it to a new draft), so its structure is read once per process; the key
# carries the publication time so a version published again (after a database restore,
# say) is never confused with the one read before.
_PUBLISHED: dict[tuple[int, int, str], Structure] = {}
MAX_CACHED_STRUCTURES = 32


def load_structure(questionnaire: Questionnaire) -> Structure:
    """The structure of ``questionnaire``: from memory for a version that was published,
    read afresh (four queries) for a draft."""
    if questionnaire.status == Questionnaire.Status.DRAFT or not questionnaire.published_at:
        return _read_structure(questionnaire)
    key = (questionnaire.pk, questionnaire.version, questionnaire.published_at.isoformat())
    structure = _PUBLISHED.get(key)
    if structure is None:
        structure = _read_structure(questionnaire)
        if len(_PUBLISHED) >= MAX_CACHED_STRUCTURES:
            _PUBLISHED.clear()
        _PUBLISHED[key] = structure
    return structure


def forget_structures() -> None:
    """Forget the structures kept in memory (tests that rebuild the database use it)."""
    _PUBLISHED.clear()


def _read_structure(questionnaire: Questionnaire) -> Structure:
    dimensions = list(
        Dimension.objects.filter(questionnaire=questionnaire)
        .order_by("sort_order", "pk")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("sort_order", "pk").prefetch_related(
                    Prefetch("choices", queryset=Choice.objects.order_by("sort_order", "pk"))
                ),
            )
        )
    )
    levels = list(Level.objects.filter(questionnaire=questionnaire).order_by("level"))
    return Structure(questionnaire=questionnaire, dimensions=dimensions, levels=levels)


def choice_keys(question: Question) -> list[str]:
    """The keys of :func:`choice_options`, without looking up any label."""
    if question.type == QuestionType.SCALE:
        return [str(i) for i in range(len(SCALE_LABELS))]
    if question.type == QuestionType.TRISTATE:
        return [key for key, _label in TRISTATE_LABELS]
    return [c.key for c in question.choices.all()]


def choice_options(question: Question, language: str | None = None) -> list[tuple[str, str]]:
    """(key, label) pairs of a question in ``language`` (default: active), built-in ones
    included."""
    language = language or active_language()
    if question.type == QuestionType.SCALE:
        own = question.own_scale_labels(language)
        if own:
            return [(str(i), f"{i} – {label}") for i, label in enumerate(own)]
        with translation.override(language):
            return [(str(i), f"{i} – {label}") for i, label in enumerate(SCALE_LABELS)]
    if question.type == QuestionType.TRISTATE:
        with translation.override(language):
            return [(key, str(label)) for key, label in TRISTATE_LABELS]
    return [(c.key, localized(c, "label", language)) for c in question.choices.all()]


def answer_labels(
    question: Question, value: scoring.AnswerValue, language: str | None = None
) -> list[str]:
    """What an answer says, in words, in ``language`` (default: active)."""
    if value is scoring.NA:
        with translation.override(language or active_language()):
            return [str(NOT_APPLICABLE_LABEL)]
    labels = dict(choice_options(question, language))
    keys = [str(value)] if isinstance(value, int) else list(value)
    return [labels.get(k, k) for k in keys]


# How much of a question's text the generated error message quotes (characters, cut
# between words).
ERROR_QUOTE_CHARS = 72


def _shortened(text: str) -> str:
    text = " ".join(text.split()).rstrip("?").strip()
    if len(text) <= ERROR_QUOTE_CHARS:
        return text
    cut = text[: ERROR_QUOTE_CHARS + 1].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut}…"


def error_message(question: Question) -> str:
    """What to say when a required answer is missing, in the active language: the
    question's own message, or one made from its text (GOV.UK style: name the question,
    say what to do)."""
    own = localized(question, "error")
    if own:
        return own
    quoted = _shortened(question.text)
    if question.type == QuestionType.MULTI:
        exclusive = [c for c in question.choices.all() if c.exclusive]
        if exclusive:
            return gettext(
                "Choose at least one answer to “%(question)s”, or choose “%(none)s”."
            ) % {"question": quoted, "none": exclusive[0].label}
        return gettext("Choose at least one answer to “%(question)s”.") % {"question": quoted}
    return gettext("Choose an answer to “%(question)s”.") % {"question": quoted}
