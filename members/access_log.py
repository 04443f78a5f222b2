"""Who looked at what — nhật ký truy cập (issue 20; DESIGN §3, DOMAIN §10).

Every view of a member's sensitive fields (citizen ID, ethnicity, religion, addresses), of a
criticism or supervision record, of a self-assessment or evaluation, and every download of her
own data is written here: who, when, what, whose, on which page. Writing an entry is the third
side effect DESIGN §3 allows on a GET. The log is append-only (`members.models.AccessLog`).

- `log_view` writes one entry; `log_views` the entries of a page that shows the records of many
  members at once (one INSERT per 500). A member looking at her own record is not logged — only
  the download of her own data is (`Kind.DATA_EXPORT`).
- Who reads the log: each member reads the entries about herself (`may_see_own_log`); the
  committee's officers — the committee secretary and the executive committee, by a position or an
  officer grant — read the committee's log (`may_see_committee_log`). Never an observer, a clerk,
  or a superuser without an office (DESIGN §3: superusers administer, they do not read party
  records).
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from members.access import access_for
from members.models import AccessLog, Member

LABEL_MAX = 200
PATH_MAX = 500
BATCH = 500

Kind = AccessLog.Kind


def _label(obj, label) -> str:
    """The label given (a text, or an object named by its `str`, e.g. the meeting of a criticism
    record), else the record's own name — named in the app's language (Vietnamese), as a stored
    text does not follow the reader's language."""
    if label is None:
        label = obj if obj is not None else ""
    if not isinstance(label, str):
        with translation.override(settings.LANGUAGE_CODE):
            label = str(label)
    return label[:LABEL_MAX]


def _path(request) -> str:
    return request.get_full_path()[:PATH_MAX] if request is not None else ""


def _entry(user, *, kind, member, obj, committee_id, label, path, when) -> AccessLog | None:
    """One unsaved entry, or None when nothing is to be logged (her own record, no login)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if member is not None:
        if kind != Kind.DATA_EXPORT and member.pk == access_for(user).member_id:
            return None
        committee_id = member.committee_id
    if committee_id is None:
        committee_id = getattr(obj, "committee_id", None)
    if committee_id is None:
        raise ValueError("An access log entry needs a member or a committee.")
    return AccessLog(
        viewed_at=when,
        viewer=user,
        member=member,
        committee_id=committee_id,
        kind=kind,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        label=_label(obj, "" if label is None and obj is member else label),
        path=path,
    )


def log_view(
    user,
    *,
    kind: str,
    member: Member | None,
    obj=None,
    request=None,
    label=None,
    committee_id: int | None = None,
) -> AccessLog | None:
    """Record that `user` viewed `obj` (a record about `member`, or her record itself) of `kind`
    on the page of `request`. `label`: what the log shows of the record (a text, or an object
    named by its `str`; default: `obj`, or nothing when `obj` is her record itself). `member`
    None: a record about a cell (a supervision record of the cell) — the committee is then
    `obj.committee_id` (or `committee_id`). Not logged when the member is the user herself
    (except `Kind.DATA_EXPORT`) or nobody is logged in."""
    entry = _entry(
        user,
        kind=kind,
        member=member,
        obj=obj,
        committee_id=committee_id,
        label=label,
        path=_path(request),
        when=timezone.now(),
    )
    if entry is not None:
        entry.save()
    return entry


def log_views(
    user,
    *,
    kind: str,
    records: Iterable[tuple[Member, object]],
    request=None,
    label=None,
) -> int:
    """`log_view` for a page showing the records of many members at once: `records` holds
    (member, the record seen or None). One INSERT per `BATCH` entries; returns how many."""
    path, when = _path(request), timezone.now()
    entries = [
        entry
        for member, obj in records
        if (
            entry := _entry(
                user,
                kind=kind,
                member=member,
                obj=obj,
                committee_id=None,
                label=label,
                path=path,
                when=when,
            )
        )
        is not None
    ]
    if entries:
        AccessLog.objects.bulk_create(entries, batch_size=BATCH)
    return len(entries)


# --- who reads the log -------------------------------------------------------------------------


def may_see_own_log(user) -> bool:
    """Who viewed my record: every member with a login, about herself."""
    return access_for(user).member_id is not None


def log_committees(user) -> frozenset[int]:
    """The committees whose log the user reads: where she is an officer by a position of the
    executive committee or an officer grant (a superuser's rights do not count)."""
    return access_for(user).officer_committees


def may_see_committee_log(user, committee_id: int) -> bool:
    return committee_id in log_committees(user)
