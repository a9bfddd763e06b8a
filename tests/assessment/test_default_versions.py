"""The default questionnaire moves to the data file's version on the next seed; assessments
made on the version before keep it (results page and PDF included), and a version staff
made in the admin is never replaced by the file."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from django.test import Client

from assessment.answers import save_answers
from assessment.demo import ensure_default_questionnaire
from assessment.models import Assessment, Question, Questionnaire
from assessment.questionnaires import copy_to_new_draft, load_questionnaire_file
from assessment.structure import load_structure
from assessment.submission import submit_assessment
from recommendations.models import ActionPlan
from recommendations.services import import_rules
from recommendations.tasks import render_plan
from tests.assessment.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

OLD_NAME = "Quản lý và vận hành bằng công cụ số"


def data_file(tmp_path: Path, version: int, *, old_names: bool = False) -> Path:
    """The default questionnaire file under ``version``; ``old_names`` gives the
    operations dimension the name it had before, to tell the versions apart on a page."""
    data = copy.deepcopy(load_questionnaire_file())
    data["version"] = version
    if old_names:
        operations = next(d for d in data["dimensions"] if d["key"] == "operations")
        operations["name"]["vi"] = OLD_NAME
    path = tmp_path / f"questionnaire-v{version}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def best_answers(questionnaire: Questionnaire) -> dict[str, object]:
    answers: dict[str, object] = {}
    for question in load_structure(questionnaire).questions:
        if question.type in ("single", "multi"):
            best = max(question.choices.all(), key=lambda c: c.score)
            answers[question.key] = [best.key]
        elif question.type == "scale":
            answers[question.key] = 4
        else:
            answers[question.key] = ["partly"]
    return answers


def submitted_on(questionnaire: Questionnaire) -> Assessment:
    assessment = Assessment.objects.create(
        questionnaire=questionnaire, organisation=OrganisationFactory()
    )
    structure = load_structure(questionnaire)
    save_answers(assessment, structure.questions, best_answers(questionnaire))
    submit_assessment(assessment, structure)
    assessment.refresh_from_db()
    return assessment


def test_a_fresh_database_gets_the_files_version():
    current = ensure_default_questionnaire()

    assert current.version == load_questionnaire_file()["version"]
    assert current.status == Questionnaire.Status.PUBLISHED
    # Seeding again changes nothing.
    assert ensure_default_questionnaire() == current
    assert Questionnaire.objects.count() == 1


def test_the_next_seed_publishes_the_new_version_and_old_results_keep_theirs(tmp_path):
    v1 = ensure_default_questionnaire(data_file(tmp_path, 1, old_names=True))
    import_rules()
    old = submitted_on(v1)
    before = (old.overall_score, old.level, old.dimension_scores, old.snapshot)

    v2 = ensure_default_questionnaire(data_file(tmp_path, 2))

    assert (v2.version, v2.status) == (2, Questionnaire.Status.PUBLISHED)
    v1.refresh_from_db()
    assert v1.status == Questionnaire.Status.RETIRED
    assert Questionnaire.current() == v2
    old.refresh_from_db()
    assert old.questionnaire_id == v1.pk
    assert (old.overall_score, old.level, old.dimension_scores, old.snapshot) == before
    # The old result page still shows the old version's words, not the new ones.
    page = Client().get(f"/vi/assessment/{old.token}/results/")
    assert page.status_code == 200
    html = page.content.decode()
    assert OLD_NAME in html
    assert "Hạ tầng số, quản lý và vận hành" not in html
    # And its plan PDF is still produced from the old version's snapshot.
    plan = ActionPlan.objects.filter(assessment=old).latest("pk")
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(render_plan(plan))).pages)
    assert "Hạ tầng số" not in text
    assert "vận hành bằng công" in text.replace("\n", " ")
    # A new assessment starts on the new version.
    new = submitted_on(Questionnaire.current())
    assert new.questionnaire_id == v2.pk
    assert "operations" in new.dimension_scores


def test_a_version_staff_made_in_the_admin_is_never_replaced_by_the_file(tmp_path):
    v1 = ensure_default_questionnaire(data_file(tmp_path, 1, old_names=True))
    staff_draft = copy_to_new_draft(v1)  # version 2, made in the admin, not yet published
    Question.objects.filter(dimension__questionnaire=staff_draft, key="ps_org_eid").update(
        text_vi="Câu hỏi cán bộ đã sửa"
    )
    questions_before = Question.objects.filter(dimension__questionnaire=staff_draft).count()

    current = ensure_default_questionnaire(data_file(tmp_path, 2))

    assert current == v1  # still the published one
    assert Questionnaire.objects.count() == 2  # no version 3 from the file either
    staff_draft.refresh_from_db()
    assert staff_draft.status == Questionnaire.Status.DRAFT
    assert Question.objects.filter(dimension__questionnaire=staff_draft).count() == (
        questions_before
    )
    assert Question.objects.get(dimension__questionnaire=staff_draft, key="ps_org_eid").text_vi == (
        "Câu hỏi cán bộ đã sửa"
    )


def test_a_later_file_version_does_not_outnumber_a_staff_version_either(tmp_path):
    v1 = ensure_default_questionnaire(data_file(tmp_path, 1, old_names=True))
    copy_to_new_draft(v1)  # staff's version 2

    current = ensure_default_questionnaire(data_file(tmp_path, 3))

    assert current == v1
    assert sorted(Questionnaire.objects.values_list("version", flat=True)) == [1, 2]


def test_file_versions_follow_one_another_while_staff_make_none(tmp_path):
    ensure_default_questionnaire(data_file(tmp_path, 1, old_names=True))
    ensure_default_questionnaire(data_file(tmp_path, 2))

    v3 = ensure_default_questionnaire(data_file(tmp_path, 3))

    assert (v3.version, v3.status) == (3, Questionnaire.Status.PUBLISHED)
    assert Questionnaire.objects.filter(status=Questionnaire.Status.RETIRED).count() == 2
