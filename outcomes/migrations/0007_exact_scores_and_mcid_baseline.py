"""Important change worked out conservatively (issue 31): unrounded scores and a minimum baseline.

Answers already sent get their exact score from their answers; the 0–10 pain ratings and the
PEG get their minimum baseline of 4 (the usual entry threshold of pain trials, Farrar 2001), as
their instrument files now say (an instrument with answers cannot be loaded again).
"""

from decimal import Decimal

from django.db import migrations, models

from outcomes.services import EXACT_PLACES, as_decimal, score_exact, spec_for

BASELINES = {"nrs-back": Decimal(4), "nrs-leg": Decimal(4), "peg": Decimal(4)}


def forward(apps, schema_editor):
    Instrument = apps.get_model("outcomes", "Instrument")
    Response = apps.get_model("outcomes", "Response")
    for code, baseline in BASELINES.items():
        Instrument.objects.filter(code=code, mcid_baseline__isnull=True).update(mcid_baseline=baseline)
    specs = {
        instrument.pk: spec_for(instrument) for instrument in Instrument.objects.prefetch_related("items__options")
    }
    for response in Response.objects.filter(status="sent", score__isnull=False).prefetch_related(
        "answers__item", "answers__option"
    ):
        chosen = {
            answer.item.code: answer.option.value if answer.option_id else None for answer in response.answers.all()
        }
        if not chosen:
            continue  # no answers kept: the rounded score stays the only one
        exact = score_exact(specs[response.instrument_id], chosen)
        if exact is not None:
            Response.objects.filter(pk=response.pk).update(score_exact=as_decimal(exact, EXACT_PLACES))


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0006_nothing_cascades_into_patient_records"),
    ]

    operations = [
        migrations.AddField(
            model_name="instrument",
            name="mcid_baseline",
            field=models.DecimalField(
                blank=True,
                decimal_places=1,
                help_text="The score before must be at least this bad for a change to count as important (e.g. 4 of 10).",
                max_digits=6,
                null=True,
                verbose_name="important change only from a score of",
            ),
        ),
        migrations.AddField(
            model_name="response",
            name="score_exact",
            field=models.DecimalField(
                blank=True, decimal_places=10, max_digits=20, null=True, verbose_name="exact score"
            ),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
