"""Several COUNTs in one query: `counts(qs1, qs2)` → [n1, n2].

For what every page shows at once (the navbar's badges): each count stays the rule of its own
QuerySet method; only the round trips are shared. Plain ORM querysets of one database in, integers
out: this module imports no app of ours."""

from __future__ import annotations

from django.db import connections


def counts(*querysets) -> list[int]:
    """The number of rows of each queryset, in their order, in one query (`SELECT (SELECT COUNT(*)
    FROM (…)), …`) on the first queryset's database."""
    if not querysets:
        return []
    parts, params = [], []
    for index, queryset in enumerate(querysets):
        sql, sql_params = queryset.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{index})")
        params.extend(sql_params)
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return [int(value) for value in cursor.fetchone()]
