"""The default questionnaire fits the time budget of issue 12 item 5: at most 15 minutes.

Reading model (the questionnaire author's estimate, written down as code):

- a respondent reads every word shown, at ``SYLLABLES_PER_MINUTE`` (200) Vietnamese
  syllables a minute; a syllable is a whitespace-separated token of the Vietnamese text;
- each answer given takes ``SECONDS_PER_ANSWER`` (5 s) more;
- each page of the flow takes ``SECONDS_PER_PAGE`` (10 s) more (loading, scrolling,
  the buttons).

What is read: on the profile page, each field's label, help text and radio choices
(the sector and ward drop-downs count their label only: one option is picked, not all
read); on each dimension step, its heading (the pillar's name) and each question's
text, help and answers: the choice labels of a single/multiple-choice question, the
question's own six scale labels or else the six generic ones, the three yes/partly/no
answers of a tristate question, and
"Not applicable" where the question allows it, plus what the step adds: "Select all that
apply." under a multiple-choice question whose help does not say it already, and
"(optional)" after an optional question. The check page counts as a page.

The longest path is a co-operative's: every question for a co-operative and every
conditional follow-up shown (insured staff, own sales website, e-invoices); the
profile's member count is asked. The shortest path is a household business's with no
follow-up shown. ``python tests/assessment/test_questionnaire_budget.py`` would need
Django set up, so run the tests with ``-s`` to see the printed figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext

from assessment.forms import ProfileForm
from assessment.questionnaires import load_questionnaire_file
from assessment.structure import NOT_APPLICABLE_LABEL, SCALE_LABELS, TRISTATE_LABELS

SYLLABLES_PER_MINUTE = 200
SECONDS_PER_ANSWER = 5
SECONDS_PER_PAGE = 10
BUDGET_MINUTES = 15
MAX_STEPS = 10

PROFILE_DROPDOWNS = {"sector", "administrative_unit"}
COOP_ONLY_PROFILE_FIELDS = {"member_count"}


def syllables(text: str) -> int:
    return len((text or "").split())


@dataclass(frozen=True)
class PathEstimate:
    pages: int
    answers: int
    syllables: int

    @property
    def minutes(self) -> float:
        reading = self.syllables / SYLLABLES_PER_MINUTE * 60
        seconds = reading + self.answers * SECONDS_PER_ANSWER + self.pages * SECONDS_PER_PAGE
        return seconds / 60


def profile_load(*, cooperative: bool) -> tuple[int, int]:
    """(answers, syllables) of the profile page in Vietnamese."""
    answers = words = 0
    with translation.override("vi"):
        form = ProfileForm()
        for name, field in form.fields.items():
            if name in COOP_ONLY_PROFILE_FIELDS and not cooperative:
                continue
            answers += 1
            words += syllables(str(field.label)) + syllables(str(field.help_text or ""))
            if name not in PROFILE_DROPDOWNS and isinstance(field.widget, forms.RadioSelect):
                words += sum(syllables(str(label)) for _key, label in field.choices if _key)
    return answers, words


def answer_labels(question: dict[str, Any]) -> list[str]:
    kind = question["type"]
    if kind in ("single", "multi"):
        labels = [choice["label"]["vi"] for choice in question["choices"]]
    elif kind == "scale":
        own = (question.get("scale_labels") or {}).get("vi")
        with translation.override("vi"):
            labels = list(own) if own else [str(label) for label in SCALE_LABELS]
    else:  # tristate
        with translation.override("vi"):
            labels = [str(label) for _key, label in TRISTATE_LABELS]
    if question.get("allow_na"):
        with translation.override("vi"):
            labels.append(str(NOT_APPLICABLE_LABEL))
    return labels


def question_syllables(question: dict[str, Any]) -> int:
    help_text = (question.get("help") or {}).get("vi", "")
    words = (
        syllables(question["text"]["vi"])
        + syllables(help_text)
        + sum(syllables(label) for label in answer_labels(question))
    )
    with translation.override("vi"):
        select_all = gettext("Select all that apply.")
        optional = gettext("optional")
    if question["type"] == "multi" and select_all not in help_text:
        words += syllables(select_all)  # the step's own hint (assessment/views.py)
    if not question.get("required", True):
        words += syllables(optional)
    return words


def estimate(data: dict[str, Any], *, longest: bool) -> PathEstimate:
    """The longest path (a co-operative, every follow-up) or the shortest (a household
    business, no follow-up)."""
    kind = "cooperative" if longest else "household"
    answers, words = profile_load(cooperative=longest)
    steps = 0
    for dimension in data["dimensions"]:
        asked = [
            q
            for q in dimension["questions"]
            if (not q.get("org_kinds") or kind in q["org_kinds"])
            and (longest or not q.get("condition"))
        ]
        if not asked:
            continue
        steps += 1
        answers += len(asked)
        words += syllables(dimension["name"]["vi"])  # the step's heading
        words += sum(question_syllables(q) for q in asked)
    pages = 1 + steps + 1  # profile, the dimension steps, check
    return PathEstimate(pages=pages, answers=answers, syllables=words)


def report(data: dict[str, Any] | None = None) -> dict[str, PathEstimate]:
    data = data or load_questionnaire_file()
    figures = {"longest": estimate(data, longest=True), "shortest": estimate(data, longest=False)}
    for name, figure in figures.items():
        print(
            f"{name}: {figure.minutes:.1f} min, {figure.syllables} syllables, "
            f"{figure.answers} answers, {figure.pages} pages"
        )
    return figures


def test_longest_path_fits_fifteen_minutes():
    figures = report()
    longest = figures["longest"]
    assert longest.pages <= MAX_STEPS
    assert longest.minutes <= BUDGET_MINUTES, (
        f"longest path {longest.minutes:.1f} min ({longest.syllables} syllables)"
    )
    assert figures["shortest"].minutes <= longest.minutes


def test_the_model_counts_what_is_read():
    """Positive control: one more long help text makes the estimate longer, by the model."""
    data = load_questionnaire_file()
    before = estimate(data, longest=True)
    data["dimensions"][0]["questions"][0]["help"] = {"vi": " ".join(["chữ"] * 200), "en": ""}
    after = estimate(data, longest=True)
    old_help = syllables(load_questionnaire_file()["dimensions"][0]["questions"][0]["help"]["vi"])
    assert after.syllables - before.syllables == 200 - old_help
    assert round((after.minutes - before.minutes) * SYLLABLES_PER_MINUTE, 6) == round(
        200 - old_help, 6
    )
    assert syllables("Đơn vị có  bán\thàng?") == 5
