"""The measures — số liệu: each figure counted once, for every page and document that states it
(issue 10 item 1, issue 22, DOMAIN §4–§8, §15).

The committee dashboard (`dashboard.committee`, `dashboard.panels`), its year report
(`dashboard.report`) and the coming periodic reports and superior's view all read these, so a
number is the same wherever it is shown. Each selector is built from a handful of aggregate
queries: no query per cell, month or member, so it costs the same for 2 cells × 3 months as for
10 cells × 12 months. The results are plain data (dataclasses).

- `matrix`: the compliance matrix — cells (and the executive committee) × months, the topic
  quarters, the minutes — and the states of its boxes (the definitions are there);
- `numbers`: the key numbers of a year;
- `period`: the figures of a period (a month, a quarter, a half-year, a year) for the reports to
  the superior (DOMAIN §15);
- `common`: what they share (which meetings count as held, the rows' bodies and keys, the
  attendance of regular meetings, the topic sessions, the meeting-quality grades).

Signatures are the contract the views, templates and reports rely on. Each selector runs a fixed
number of queries (listed in its docstring), whatever the number of cells, months or members.
Import a name from the module that defines it: this package re-exports nothing.
"""
