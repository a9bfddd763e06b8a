"""factory_boy factories for the assessment models (used by the tests and benchmarks)."""

from __future__ import annotations

from decimal import Decimal

import factory

from assessment.models import (
    AdministrativeUnit,
    Assessment,
    Choice,
    Dimension,
    Level,
    Organisation,
    Question,
    Questionnaire,
    QuestionType,
    Sector,
    SizeBand,
)
from assessment.questionnaires import publish_questionnaire
from cms.vocabulary import OrganisationKind

DEFAULT_LEVELS = [(0, 0), (1, 10), (2, 30), (3, 50), (4, 70), (5, 85)]


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire
        skip_postgeneration_save = True

    key = "default"
    version = factory.Sequence(lambda n: n + 1)
    title_vi = "Bộ câu hỏi thử"
    title_en = "Test questionnaire"

    @factory.post_generation
    def levels(self, create: bool, extracted: list[tuple[int, float]] | None, **kwargs):
        if not create:
            return
        for level, min_score in extracted if extracted is not None else DEFAULT_LEVELS:
            Level.objects.create(
                questionnaire=self,
                level=level,
                min_score=Decimal(str(min_score)),
                name_vi=f"Mức {level}",
                name_en=f"Level {level}",
            )


class DimensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dimension

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    key = factory.Sequence(lambda n: f"dimension_{n}")
    name_vi = factory.Sequence(lambda n: f"Trụ cột {n}")
    name_en = factory.Sequence(lambda n: f"Pillar {n}")
    weight = Decimal(1)
    sort_order = factory.Sequence(lambda n: n)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    dimension = factory.SubFactory(DimensionFactory)
    key = factory.Sequence(lambda n: f"question_{n}")
    type = QuestionType.TRISTATE
    text_vi = factory.Sequence(lambda n: f"Câu hỏi số {n}?")
    text_en = factory.Sequence(lambda n: f"Question number {n}?")
    weight = Decimal(1)
    sort_order = factory.Sequence(lambda n: n)


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory, type=QuestionType.SINGLE)
    key = factory.Sequence(lambda n: f"choice_{n}")
    label_vi = factory.Sequence(lambda n: f"Lựa chọn {n}")
    label_en = factory.Sequence(lambda n: f"Choice {n}")
    score = Decimal("0.5")
    sort_order = factory.Sequence(lambda n: n)


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("key",)

    key = "retail"
    name_vi = "Thương mại, bán lẻ"
    name_en = "Trade and retail"


class AdministrativeUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("code",)

    code = "CT-P-NINHKIEU"
    name = "Phường Ninh Kiều"
    kind = "phường"
    province = "Thành phố Cần Thơ"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Công ty TNHH Thử Nghiệm {n}")
    kind = OrganisationKind.ENTERPRISE
    sector = factory.SubFactory(SectorFactory)
    administrative_unit = factory.SubFactory(AdministrativeUnitFactory)
    size_band = SizeBand.MICRO


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    organisation = factory.SubFactory(OrganisationFactory)


def build_questionnaire(
    shape: list[tuple[str, float, list[dict]]],
    *,
    levels: list[tuple[int, float]] | None = None,
    publish: bool = True,
) -> Questionnaire:
    """A questionnaire from ``[(dimension key, weight, [question kwargs…]), …]``.

    Question kwargs may hold ``choices=[(key, score), …]`` for single and multi types.
    """
    questionnaire = QuestionnaireFactory(levels=levels)
    for d_order, (d_key, weight, questions) in enumerate(shape):
        dimension = DimensionFactory(
            questionnaire=questionnaire, key=d_key, weight=Decimal(str(weight)), sort_order=d_order
        )
        for q_order, spec in enumerate(questions):
            spec = dict(spec)
            choices = spec.pop("choices", [])
            if "weight" in spec:
                spec["weight"] = Decimal(str(spec["weight"]))
            question = QuestionFactory(dimension=dimension, sort_order=q_order, **spec)
            for c_order, (c_key, score) in enumerate(choices):
                ChoiceFactory(
                    question=question, key=c_key, score=Decimal(str(score)), sort_order=c_order
                )
    if publish:
        publish_questionnaire(questionnaire)
    return questionnaire
