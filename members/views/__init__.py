"""Pages of the member registry, one module per area (the registry grew past one file).

`registry` — list, record, create/edit, status, moves, transfers, positions, my profile, history;
`imports` — Excel import; `accounts` — members' logins; `watch` — the probation watch.
"""

from members.views.registry import (  # noqa: F401
    member_create,
    member_detail,
    member_edit,
    member_history,
    member_list,
    member_move,
    member_photo,
    member_status,
    member_transfer,
    my_profile,
    position_add,
    position_end,
)
