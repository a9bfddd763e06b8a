"""The cms's row-per-kind model is renamed so that ``OrganisationKind`` names one thing
only (the shared choices in cms.vocabulary); topic dimension keys are checked against
the live questionnaire instead of a copied list of choices."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_organisation_kinds")]

    operations = [
        migrations.RenameModel("OrganisationKind", "GuidanceAudience"),
        migrations.AlterField(
            model_name="topic",
            name="dimension_key",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text=(
                    "Key of the questionnaire dimension (e.g. ecommerce): recommendations and "
                    "results for that dimension point to this topic."
                ),
                max_length=40,
                verbose_name="assessment dimension",
            ),
        ),
    ]
