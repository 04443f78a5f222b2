import datetime

import pytest
from django.db import connection, models

from demo.scale.generate import generate
from demo.scale.plan import Plan

# The day the generated test data set ends on: fixed, so that the tests read the same data on
# any day (the generator's `--today`).
SCALE_TODAY = datetime.date(2026, 12, 7)


@pytest.fixture(scope="module")
def scale_data(module_db):
    """A tiny generated data set (PostgreSQL only): 3 committees of 166 members, one year,
    built once per module with `generate_scale_data`'s own steps; returns its `Plan`."""
    if connection.vendor != "postgresql":
        pytest.skip("generate_scale_data needs PostgreSQL")
    plan = Plan(members=500, years=1, seed=7, today=SCALE_TODAY)
    generate(plan, lambda line: None)
    return plan


def dangling_references(models_) -> dict[str, int]:
    """{"Model.field": rows pointing nowhere} for every foreign key of `models_` that dangles —
    the generator skips the foreign keys' triggers, so the tests check every reference."""
    dangling = {}
    for model in models_:
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.ForeignKey):
                continue
            target, column = field.related_model, field.target_field.column
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT count(*) FROM {model._meta.db_table} t "
                    f"LEFT JOIN {target._meta.db_table} r ON r.{column} = t.{field.column} "
                    f"WHERE t.{field.column} IS NOT NULL AND r.{column} IS NULL"
                )
                count = cursor.fetchone()[0]
            if count:
                dangling[f"{model.__name__}.{field.name}"] = count
    return dangling
