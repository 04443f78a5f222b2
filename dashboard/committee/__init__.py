"""The committee dashboard's selectors — tổng quan đảng bộ (issue 10, DOMAIN §4–§7).

One selector per panel, each built from a handful of aggregate queries over the committee's year:
no query per cell or per month, so the page costs the same for 2 cells × 3 months as for
10 cells × 12 months. The results are plain data (dataclasses) that the templates, the chart
JSON (`Chart.as_json`) and the year report (`dashboard.report`) all read — one source, so the
charts, their accessible tables and the exports agree by construction.

The figures themselves — the compliance matrix, the key numbers, what they share — live one layer
down in `reports.measures`, where the periodic reports and the superior's view read them too. Here:

- `charts`: the charts (attendance, documents, tasks, meeting quality, ratings);
- `alerts`: what needs the committee's attention.

Signatures are the contract the views, templates and report rely on. Each selector runs a fixed
number of queries (listed in its docstring), whatever the number of cells, months or members.
Import a name from the module that defines it: this package re-exports nothing.
"""
