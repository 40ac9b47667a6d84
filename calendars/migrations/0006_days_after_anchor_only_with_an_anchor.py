"""Days after an anchor only with an anchor: empty, not 0, for a season given by its dates.

Revisions saved before keep their 0s; the entry's clean() empties them when such a draft is saved.
"""

from django.db import migrations, models

OFFSETS = {"season_start_offset": "season_start_anchor", "season_end_offset": "season_end_anchor"}


def empty_unanchored(apps, schema_editor):
    SeasonalEntry = apps.get_model("calendars", "SeasonalEntry")
    for offset, anchor in OFFSETS.items():
        SeasonalEntry.objects.filter(**{anchor: ""}).update(**{offset: None})


def zero_unanchored(apps, schema_editor):
    SeasonalEntry = apps.get_model("calendars", "SeasonalEntry")
    for offset in OFFSETS:
        SeasonalEntry.objects.filter(**{offset: None}).update(**{offset: 0})


class Migration(migrations.Migration):

    dependencies = [
        ("calendars", "0005_english_source_labels"),
    ]

    operations = [
        migrations.AlterField(
            model_name="seasonalentry",
            name="season_end_offset",
            field=models.SmallIntegerField(blank=True, null=True, verbose_name="days after anchor"),
        ),
        migrations.AlterField(
            model_name="seasonalentry",
            name="season_start_offset",
            field=models.SmallIntegerField(
                blank=True, help_text="Only with an anchor: 0 for its day, -1 for the day before.", null=True, verbose_name="days after anchor",
            ),
        ),
        migrations.RunPython(empty_unanchored, zero_unanchored),
    ]
