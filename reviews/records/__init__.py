"""A member's records beside her ratings — residence-place comments, commendations and discipline
(DOMAIN §7; issue 9 items 6–7).

- `residence`: the residence-place comment of a year (nhận xét nơi cư trú, Quy định 213) —
  request, receive, exempt — and the list of a year's comments;
- `commendations`: a commendation (khen thưởng);
- `discipline`: a discipline (kỷ luật), and the votes that can decide it;
- `panel`: what the member page shows of her records;
- `access`: who may see and write them (the views ask, the writes do not check);
- `checks`: the field checks the writes share.

Import a name from the module that defines it: this package re-exports nothing.
"""
