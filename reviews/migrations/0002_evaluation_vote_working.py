# Issue 17 item 7: the cell's rating proposal is voted by the Charter's rules; a passed proposal
# keeps the working of its vote.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluation",
            name="vote_working",
            field=models.TextField(blank=True, verbose_name="working of the cell's vote"),
        ),
        migrations.AddField(
            model_name="historicalevaluation",
            name="vote_working",
            field=models.TextField(blank=True, verbose_name="working of the cell's vote"),
        ),
    ]
