"""Pages of the member registry, one module per area (the registry grew past one file).

`registry` — list, record, create/edit, status, moves, transfers, positions, my profile, history;
`imports` — Excel import; `accounts` — members' logins; `watch` — the probation watch;
`access_log` — who looked at what; `personal_data` — her own data as a .zip; `text_size` — large
text on or off.
"""

from members.views.access_log import committee_access_log, my_access_log  # noqa: F401
from members.views.accounts import (  # noqa: F401
    cell_logins_create,
    login_create,
    login_reset,
    login_slips,
)
from members.views.exports import member_export  # noqa: F401
from members.views.imports import (  # noqa: F401
    import_confirm,
    import_preview,
    import_template,
    import_upload,
)
from members.views.notifications import (  # noqa: F401
    notification_list,
    notification_open,
    notifications_read_all,
)
from members.views.personal_data import my_data, my_data_zip  # noqa: F401
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
    transfer_letter,
)
from members.views.text_size import text_size_set  # noqa: F401
from members.views.watch import probation_watch  # noqa: F401
