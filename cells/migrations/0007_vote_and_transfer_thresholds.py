# Issue 17 item 10: discipline and expulsion get their own vote thresholds, and a temporary
# transfer its two ranges (for work, for study), each a committee setting with the Charter's
# default (DOMAIN §3, §6).

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cells', '0006_minutes_approval_days_range'),
    ]

    operations = [
        migrations.AddField(
            model_name='committeesettings',
            name='discipline_numerator',
            field=models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1)], verbose_name='discipline: majority numerator'),
        ),
        migrations.AddField(
            model_name='historicalcommitteesettings',
            name='discipline_numerator',
            field=models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1)], verbose_name='discipline: majority numerator'),
        ),
        migrations.AddField(
            model_name='committeesettings',
            name='discipline_denominator',
            field=models.PositiveSmallIntegerField(default=2, help_text='A reprimand, a warning or a dismissal passes with more than this fraction.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='discipline: majority denominator'),
        ),
        migrations.AddField(
            model_name='historicalcommitteesettings',
            name='discipline_denominator',
            field=models.PositiveSmallIntegerField(default=2, help_text='A reprimand, a warning or a dismissal passes with more than this fraction.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='discipline: majority denominator'),
        ),
        migrations.AddField(
            model_name='committeesettings',
            name='expulsion_numerator',
            field=models.PositiveSmallIntegerField(default=2, validators=[django.core.validators.MinValueValidator(1)], verbose_name='expulsion: majority numerator'),
        ),
        migrations.AddField(
            model_name='historicalcommitteesettings',
            name='expulsion_numerator',
            field=models.PositiveSmallIntegerField(default=2, validators=[django.core.validators.MinValueValidator(1)], verbose_name='expulsion: majority numerator'),
        ),
        migrations.AddField(
            model_name='committeesettings',
            name='expulsion_denominator',
            field=models.PositiveSmallIntegerField(default=3, help_text='A proposal to expel passes with at least this fraction.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='expulsion: majority denominator'),
        ),
        migrations.AddField(
            model_name='historicalcommitteesettings',
            name='expulsion_denominator',
            field=models.PositiveSmallIntegerField(default=3, help_text='A proposal to expel passes with at least this fraction.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='expulsion: majority denominator'),
        ),
        migrations.AddField(
            model_name='committeesettings',
            name='transfer_work_min_months',
            field=models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(60)], verbose_name='temporary transfer for work: at least (months)'),
        ),
        migrations.AddField(
            model_name='historicalcommitteesettings',
            name='transfer_work_min_months',
            field=models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(60)], verbose_name='temporary transfer for work: at least (months)'),
        ),
        migrations.AddField(
            model_name='committeesettings',
            name='transfer_work_under_months',
            field=models.PositiveSmallIntegerField(default=12, validators=[django.core.validators.MinValueValidator(2), django.core.validators.MaxValueValidator(60)], verbose_name='temporary transfer for work: shorter than (months)'),
        ),
        migrations.AddField(
            model_name='historicalcommitteesettings',
            name='transfer_work_under_months',
            field=models.PositiveSmallIntegerField(default=12, validators=[django.core.validators.MinValueValidator(2), django.core.validators.MaxValueValidator(60)], verbose_name='temporary transfer for work: shorter than (months)'),
        ),
        migrations.AddField(
            model_name='committeesettings',
            name='transfer_study_min_months',
            field=models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(60)], verbose_name='temporary transfer for study: at least (months)'),
        ),
        migrations.AddField(
            model_name='historicalcommitteesettings',
            name='transfer_study_min_months',
            field=models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(60)], verbose_name='temporary transfer for study: at least (months)'),
        ),
        migrations.AddField(
            model_name='committeesettings',
            name='transfer_study_max_months',
            field=models.PositiveSmallIntegerField(default=24, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(60)], verbose_name='temporary transfer for study: at most (months)'),
        ),
        migrations.AddField(
            model_name='historicalcommitteesettings',
            name='transfer_study_max_months',
            field=models.PositiveSmallIntegerField(default=24, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(60)], verbose_name='temporary transfer for study: at most (months)'),
        ),
        migrations.AddConstraint(
            model_name='committeesettings',
            constraint=models.CheckConstraint(condition=models.Q(('discipline_numerator__gte', 1), ('discipline_numerator__lt', models.F('discipline_denominator'))), name='cells_settings_discipline_majority_below_one'),
        ),
        migrations.AddConstraint(
            model_name='committeesettings',
            constraint=models.CheckConstraint(condition=models.Q(('expulsion_numerator__gte', 1), ('expulsion_numerator__lte', models.F('expulsion_denominator'))), name='cells_settings_expulsion_majority_at_most_one'),
        ),
        migrations.AddConstraint(
            model_name='committeesettings',
            constraint=models.CheckConstraint(condition=models.Q(('transfer_work_min_months__gte', 1), ('transfer_work_under_months__gt', models.F('transfer_work_min_months')), ('transfer_work_under_months__lte', 60)), name='cells_settings_transfer_work_range'),
        ),
        migrations.AddConstraint(
            model_name='committeesettings',
            constraint=models.CheckConstraint(condition=models.Q(('transfer_study_min_months__gte', 1), ('transfer_study_max_months__gte', models.F('transfer_study_min_months')), ('transfer_study_max_months__lte', 60)), name='cells_settings_transfer_study_range'),
        ),
    ]
