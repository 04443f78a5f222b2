"""Inspection and supervision — kiểm tra, giám sát (DOMAIN §9; issue 18 items 6–8).

- `programmes`: a year's programme of the committee or of a cell, its items, and its adoption by a
  passed vote of that body;
- `records`: what an item found about a member (or the cell supervised) — self-report, findings,
  conclusion, recommendations with their deadline and follow-up, the discipline it led to;
- `progress`: each item done / under way / not started, derived from its records (a pure rule),
  and the programme page's items in a fixed number of queries;
- `access`: who may read and write programmes and records (the views ask, the writes do not check).

Records are confidential (`SupervisionRecord.objects.visible_to`): the member concerned, the
officers of her cell and of the committee. Nothing of this package appears on a meeting's agenda,
minutes or task follow-up. Import a name from the module that defines it.
"""
