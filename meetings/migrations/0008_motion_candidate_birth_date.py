# Issue 17 item 8: an admission vote keeps the candidate's date of birth (the minimum age at
# admission, a committee setting, is checked by the vote service on the date of the vote).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0007_document_added_late"),
    ]

    operations = [
        migrations.AddField(
            model_name="motion",
            name="candidate_birth_date",
            field=models.DateField(
                blank=True, null=True, verbose_name="candidate's date of birth"
            ),
        ),
        migrations.AddField(
            model_name="historicalmotion",
            name="candidate_birth_date",
            field=models.DateField(
                blank=True, null=True, verbose_name="candidate's date of birth"
            ),
        ),
        migrations.AddConstraint(
            model_name="motion",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("candidate_birth_date__isnull", True), ("kind", "admission"), _connector="OR"
                ),
                name="meetings_motion_birth_date_of_a_candidate",
                violation_error_message="Only an admission records a date of birth.",
            ),
        ),
    ]
