import datetime

import pytest
from django.db import connection

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
