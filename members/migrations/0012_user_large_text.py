# "Chữ lớn" (issue 24 part 3): her text size, kept on her account; off until she turns it on.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0011_superior_role'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='large_text',
            field=models.BooleanField(default=False, help_text='Larger type and larger buttons on every page, kept on her account.', verbose_name='large text'),
        ),
    ]
