# The interface language a user chose (issue 17 item 18): empty until she chooses.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0004_user_ical_token_notification"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[("vi", "Tiếng Việt"), ("en", "English")],
                max_length=8,
                verbose_name="interface language",
            ),
        ),
    ]
