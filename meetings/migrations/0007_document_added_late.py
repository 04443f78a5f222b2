# Issue 17 item 11: a document added after the deadline for documents is recorded as added late.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_agenda_item_from_schedule"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="added_late",
            field=models.BooleanField(default=False, verbose_name="added after the lead time"),
        ),
        migrations.AddField(
            model_name="historicaldocument",
            name="added_late",
            field=models.BooleanField(default=False, verbose_name="added after the lead time"),
        ),
    ]
