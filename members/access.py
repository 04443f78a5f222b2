"""Who may see and change what (DESIGN §3, DOMAIN §10) — the one module that answers it.

A user's rights come from (a) her member record's current positions and cell, and (b) committee
role grants (officer / clerk / observer, with dates). Views ask through the helpers below and
answer 404 for what the user may not see, 403 for what she may see but not change.

| who                                   | organisation | member registry                        |
|---------------------------------------|--------------|----------------------------------------|
| committee officer (position or grant) | read, edit   | every member, personal fields, edit    |
| committee clerk (grant)               | read         | every member, personal fields, edit    |
| cell secretary / deputy               | read         | her cell: personal fields, edit        |
| cell committee member                 | read         | her cell: personal fields              |
| member                                | read         | her cell: name, photo, positions, phone|
| observer (grant)                      | read         | — (403)                                |
| superuser                             | read, edit   | — (administers users, not party data)  |
| superior's officer (superior grant)   | — (below)    | — (404)                                |

A superior's officer (`members.SuperiorRole`) has a scope — the committees under her superiors
and the dates they were under them (`superior_scope`). It opens the superior's dashboard
(`superiors_of`) and, read-only, the dashboards of those committees for the years they were
under it (`superior_reads_committee`); none of a committee's other pages, and never a member's
record (404: DESIGN §3, nothing confidential or personal).

One rule comes on top of these (DESIGN §3, `can_act_on_member`): an officer acts on a member's
record — edits it, changes her status, moves or transfers her, assigns or ends her positions,
creates or resets her login, records her discipline — only if her own scope covers every position
and role grant the member holds. Neither a cell secretary nor a clerk acts on a committee officer;
the committee's officers do. The member's record stays readable as before.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, CharField, F, Q, Value
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from cells.models import Cell, Committee, Superior, SuperiorBody, Term
from core.versions import committee_scope
from members.models import (
    ON_ROLL,
    CellMembership,
    CommitteeRole,
    Member,
    Position,
    SuperiorRole,
)

_CACHE_ATTR = "_chibo_access"
# `superior_scope`, likewise cached on the user for the rest of the request.
_SCOPE_ATTR = "_chibo_superior_scope"


@dataclass(frozen=True)
class Access:
    """What one user may do, computed once per request."""

    view_committees: frozenset[int] = field(default_factory=frozenset)
    edit_committees: frozenset[int] = field(default_factory=frozenset)
    # Committees where the user is an officer by a grant or a position (not as a superuser).
    officer_committees: frozenset[int] = field(default_factory=frozenset)
    audit_committees: frozenset[int] = field(default_factory=frozenset)
    # Committees whose whole member registry the user manages (officers, clerks).
    registry_committees: frozenset[int] = field(default_factory=frozenset)
    # Cells whose members' personal fields the user sees (cell officers) / edits (secretary, deputy).
    officer_cells: frozenset[int] = field(default_factory=frozenset)
    editor_cells: frozenset[int] = field(default_factory=frozenset)
    # The user's own member record and current cell.
    member_id: int | None = None
    own_cells: frozenset[int] = field(default_factory=frozenset)
    member_committee_id: int | None = None
    # Committees where the user reads published work by grant (observers, clerks).
    reader_committees: frozenset[int] = field(default_factory=frozenset)
    # Committees where the user holds an observer grant (reads the dashboards, DOMAIN §10).
    observer_committees: frozenset[int] = field(default_factory=frozenset)
    # The committees of `officer_cells` and `own_cells`.
    cell_committees: frozenset[int] = field(default_factory=frozenset)
    is_superuser: bool = False
    user_id: int | None = None

    @property
    def member_section(self) -> bool:
        """May open the member registry at all."""
        return bool(self.registry_committees or self.officer_cells or self.member_id)

    @property
    def held_committees(self) -> frozenset[int]:
        """Every committee she holds something in — a grant, an office, her record, her cells:
        those whose data versions (`core.versions`) her own pages' cached parts vary on."""
        held = (
            self.view_committees
            | self.edit_committees
            | self.registry_committees
            | self.reader_committees
            | self.cell_committees
        )
        return held | {self.member_committee_id} if self.member_committee_id else held

    @cached_property
    def superior_committees(self) -> frozenset[int]:
        """Committees under a superior where the user holds a current grant, at any date (those
        dates: `superior_scope`). Asked for only by the pages that need it (one query then).
        Grants nothing by itself in the committee's pages."""
        if self.user_id is None:
            return frozenset()
        return frozenset(_superior_scope(self.user_id))


def held_scopes(user) -> list[str] | None:
    """The data versions (`core.versions`) the cached parts of her own pages vary on: those of the
    committees she holds something in. None for a superuser, whose pages read every committee:
    they are rendered afresh."""
    acc = access_for(user)
    if acc.is_superuser:
        return None
    return [committee_scope(pk) for pk in sorted(acc.held_committees)]


# The kinds of row `_access_rows` returns.
_GRANT, _MEMBER, _MEMBERSHIP, _POSITION = "grant", "member", "membership", "position"


def _access_rows(user, today: datetime.date):
    """Everything a user's access is computed from, in one query (a UNION of four): her committee
    role grants valid today, her member record if she is on a roll, its open cell membership and
    its positions held today. Rows (kind, member id, committee id, cell id, role); the columns a
    kind does not have are NULL."""
    # A typed NULL: PostgreSQL resolves a column that is NULL in the first two branches as text.
    no_int = Cast(Value(None), output_field=BigIntegerField())
    no_text = Value("", output_field=CharField())

    def rows(queryset, kind, member, committee, cell, role):
        return (
            queryset.order_by()
            .annotate(
                _kind=Value(kind, output_field=CharField()),
                _member=member,
                _committee=committee,
                _cell=cell,
                _role=role,
            )
            .values_list("_kind", "_member", "_committee", "_cell", "_role")
        )

    on_roll = Q(member__user=user, member__status__in=ON_ROLL)
    grants = rows(
        CommitteeRole.objects.filter(user=user).active_on(today),
        _GRANT,
        no_int,
        F("committee_id"),
        no_int,
        F("role"),
    )
    member = rows(
        Member.objects.filter(user=user, status__in=ON_ROLL),
        _MEMBER,
        F("pk"),
        F("committee_id"),
        no_int,
        no_text,
    )
    memberships = rows(
        CellMembership.objects.filter(on_roll, end_date__isnull=True),
        _MEMBERSHIP,
        no_int,
        F("cell__committee_id"),
        F("cell_id"),
        no_text,
    )
    positions = rows(
        Position.objects.filter(on_roll).active_on(today),
        _POSITION,
        no_int,
        F("committee_id"),
        F("cell_id"),
        F("role"),
    )
    return grants.union(member, memberships, positions, all=True)


def access_for(user) -> Access:
    """The user's access, cached on the user object for the rest of the request."""
    if not getattr(user, "is_authenticated", False):
        return Access()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    today = timezone.localdate()
    view, edit, audit, registry, readers = set(), set(), set(), set(), set()
    observers = set()
    officer_cells, editor_cells, own_cells, cell_committees = set(), set(), set(), set()
    member_id = member_committee_id = None
    for kind, row_member_id, committee_id, cell_id, role in _access_rows(user, today):
        if kind == _GRANT:
            view.add(committee_id)
            if role == CommitteeRole.Role.OFFICER:
                edit.add(committee_id)
                audit.add(committee_id)
                registry.add(committee_id)
            elif role == CommitteeRole.Role.CLERK:
                registry.add(committee_id)
                readers.add(committee_id)
            else:
                readers.add(committee_id)
                observers.add(committee_id)
        elif kind == _MEMBER:
            member_id, member_committee_id = row_member_id, committee_id
            view.add(committee_id)
        elif kind == _MEMBERSHIP:
            own_cells.add(cell_id)
            cell_committees.add(committee_id)
        elif role in Position.COMMITTEE_ROLES:
            edit.add(committee_id)
            audit.add(committee_id)
            registry.add(committee_id)
        else:
            officer_cells.add(cell_id)
            cell_committees.add(committee_id)
            if role in (Position.Role.CELL_SECRETARY, Position.Role.CELL_DEPUTY):
                editor_cells.add(cell_id)

    officers = set(edit)
    if user.is_superuser:
        # Superusers administer the organisation and its settings (DESIGN §3), not party records.
        all_ids = set(Committee.objects.values_list("pk", flat=True))
        view |= all_ids
        edit |= all_ids
        audit |= all_ids
    result = Access(
        view_committees=frozenset(view),
        edit_committees=frozenset(edit),
        officer_committees=frozenset(officers),
        audit_committees=frozenset(audit),
        registry_committees=frozenset(registry),
        officer_cells=frozenset(officer_cells),
        editor_cells=frozenset(editor_cells),
        member_id=member_id,
        own_cells=frozenset(own_cells),
        member_committee_id=member_committee_id,
        reader_committees=frozenset(readers),
        observer_committees=frozenset(observers),
        cell_committees=frozenset(cell_committees),
        is_superuser=user.is_superuser,
        user_id=user.pk,
    )
    setattr(user, _CACHE_ATTR, result)
    return result


@dataclass(frozen=True)
class DateRange:
    """From `start` to `end` (inclusive; None: open-ended)."""

    start: datetime.date
    end: datetime.date | None = None

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, first: datetime.date, last: datetime.date) -> bool:
        """Shares at least one day with `first`..`last`."""
        return self.start <= last and (self.end is None or first <= self.end)


def _superior_scope(user_id: int) -> dict[int, tuple[DateRange, ...]]:
    today = timezone.localdate()
    superiors = SuperiorRole.objects.filter(user_id=user_id).active_on(today).values("superior_id")
    ranges = {}
    for committee_id, start, end in (
        SuperiorBody.objects.filter(superior_id__in=superiors)
        .order_by("committee_id", "valid_from")
        .values_list("committee_id", "valid_from", "valid_until")
    ):
        ranges.setdefault(committee_id, []).append(DateRange(start, end))
    return {committee_id: tuple(spans) for committee_id, spans in ranges.items()}


def superior_scope(user) -> dict[int, tuple[DateRange, ...]]:
    """{committee id: the date ranges during which it was under one of her superiors} for the
    superiors where she holds a grant today (DESIGN §3: she sees a committee's data of the dates
    it was under her superior — a committee that moved to another superior moves its later data,
    not its past). Empty for anyone without a current superior grant. One query, then cached on
    the user for the rest of the request (`forget` drops it)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    scope = getattr(user, _SCOPE_ATTR, None)
    if scope is None:
        scope = _superior_scope(user.pk)
        setattr(user, _SCOPE_ATTR, scope)
    return scope


def in_superior_scope(user, committee_id: int, day: datetime.date) -> bool:
    """Was the committee under one of her superiors on `day`?"""
    return any(day in span for span in superior_scope(user).get(committee_id, ()))


def superior_reads_committee(user, committee_id: int, first: datetime.date, last: datetime.date):
    """Was the committee under one of her superiors on some day of `first`..`last` (a year of its
    dashboard)? One query (`superior_scope`)."""
    return any(span.overlaps(first, last) for span in superior_scope(user).get(committee_id, ()))


def superiors_of(user):
    """The superiors where she holds a grant today (DESIGN §3) — whose dashboards she opens; by
    name. Nothing for anyone else (a superuser as such holds no grant)."""
    if not getattr(user, "is_authenticated", False):
        return Superior.objects.none()
    today = timezone.localdate()
    grants = SuperiorRole.objects.filter(user=user).active_on(today).values("superior_id")
    return Superior.objects.filter(pk__in=grants).order_by("name", "pk")


def forget(user) -> None:
    """Drop the cached access (after a grant changes within the same request or test)."""
    for attr in (_CACHE_ATTR, _SCOPE_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


# --- questions: the organisation --------------------------------------------------------------


def can_view_committee(user, committee_id: int) -> bool:
    return committee_id in access_for(user).view_committees


def can_edit_committee(user, committee_id: int) -> bool:
    return committee_id in access_for(user).edit_committees


def can_audit_committee(user, committee_id: int) -> bool:
    """May read the change history of the committee's records (officers)."""
    return committee_id in access_for(user).audit_committees


def can_create_committee(user) -> bool:
    """A new committee is set up by whoever administers the installation."""
    return access_for(user).is_superuser


# --- questions: the member registry -----------------------------------------------------------


def require_member_section(user) -> Access:
    """403 for a user who may not use the member registry at all (observers, bare superusers)."""
    acc = access_for(user)
    if not acc.member_section:
        raise PermissionDenied
    return acc


def current_cell_id(member: Member) -> int | None:
    """Her current cell's id: the `current_cell_id` annotation when the query carries it
    (`Member.objects.with_current_cell()`), else one query."""
    cell_id = getattr(member, "current_cell_id", None)
    if cell_id is None and not hasattr(member, "current_cell_id"):
        membership = member.current_membership()
        cell_id = membership.cell_id if membership else None
    return cell_id


def can_see_personal(user, member: Member) -> bool:
    """Citizen ID, birth date, ethnicity, religion, addresses, status history (DESIGN §3)."""
    acc = access_for(user)
    return (
        member.pk == acc.member_id
        or member.committee_id in acc.registry_committees
        or current_cell_id(member) in acc.officer_cells
    )


def can_act_on_member(user, member: Member) -> bool:
    """The one rule for acting on a member's record (DESIGN §3): the user's own scope covers every
    position and role grant the member holds (current or still to come).

    - an office of the executive committee, an officer or observer grant: the committee's officers;
    - a cell office: the committee's officers and clerks, and that cell's secretary and deputy;
    - a clerk grant: the committee's officers and clerks.

    Only the user's positions and grants count: being a superuser covers nothing here (superusers
    administer logins in the administration). Two small queries (one without a login).
    """
    acc = access_for(user)
    today = timezone.localdate()
    offices = (
        Position.objects.filter(member_id=member.pk)
        .exclude(end_date__lt=today)
        .exclude(committee_id__in=acc.officer_committees)
        .values_list("committee_id", "cell_id", "role")
    )
    for committee_id, cell_id, role in offices:
        if role in Position.COMMITTEE_ROLES:
            return False
        if committee_id not in acc.registry_committees and cell_id not in acc.editor_cells:
            return False
    if member.user_id is None:
        return True
    grants = (
        CommitteeRole.objects.filter(user_id=member.user_id)
        .exclude(valid_until__lt=today)
        .exclude(committee_id__in=acc.officer_committees)
        .values_list("committee_id", "role")
    )
    return all(
        role == CommitteeRole.Role.CLERK and committee_id in acc.registry_committees
        for committee_id, role in grants
    )


def can_edit_member(user, member: Member) -> bool:
    """Edit her record, change her status, transfer her, manage her login: her committee's registry
    roles or her cell's secretary and deputy — within the one rule (`can_act_on_member`)."""
    acc = access_for(user)
    in_scope = member.committee_id in acc.registry_committees or (
        current_cell_id(member) in acc.editor_cells
    )
    return in_scope and can_act_on_member(user, member)


def can_audit_member(user, member: Member) -> bool:
    """The change history of a member record: officers of her committee or cell."""
    acc = access_for(user)
    return member.committee_id in acc.registry_committees or (
        current_cell_id(member) in acc.officer_cells
    )


def can_manage_positions(user, committee_id: int) -> bool:
    """Positions and cell moves are decided by the committee (officers and its clerk)."""
    return committee_id in access_for(user).registry_committees


def assignable_roles(user, committee_id: int) -> list[str]:
    """The positions the user may give in the committee: an office of the executive committee
    only by the committee's officers; a cell office also by its clerks (`can_manage_positions`)."""
    acc = access_for(user)
    if committee_id not in acc.registry_committees:
        return []
    if committee_id in acc.officer_committees:
        return list(Position.Role.values)
    return [role for role in Position.Role.values if role not in Position.COMMITTEE_ROLES]


def can_manage_member(user, member: Member) -> bool:
    """Move her to another cell, assign or end her positions: the committee's registry roles,
    within the one rule (`can_act_on_member`)."""
    return can_manage_positions(user, member.committee_id) and can_act_on_member(user, member)


def cells_for_new_members(user):
    """Cells into which the user may enrol or move a member."""
    acc = access_for(user)
    return (
        Cell.objects.active()
        .filter(Q(committee_id__in=acc.registry_committees) | Q(pk__in=acc.editor_cells))
        .select_related("committee")
        .order_by("committee__name", "code")
    )


def scope_members(queryset, user):
    """visible_members(user): registry roles see the committee, others their cell."""
    acc = access_for(user)
    if not acc.member_section:
        return queryset.none()
    registry = Q(committee_id__in=acc.registry_committees)
    # What the registry already covers is left out, so that the condition stays one the database
    # can answer with an index (an OR with a subquery makes PostgreSQL read every member of the
    # province in name order to find a committee's few matches of a search).
    cells = acc.officer_cells | acc.own_cells
    if acc.cell_committees <= acc.registry_committees:
        cells = frozenset()
    own = acc.member_id if acc.member_committee_id not in acc.registry_committees else None
    if not cells and not own:
        return queryset.filter(registry)
    # Her cells' members and herself, in one subquery (her own record through her memberships,
    # ended ones included: every member record has one).
    scope = Q(cell_id__in=cells, end_date__isnull=True)
    if own:
        scope |= Q(member_id=own)
    in_scope = Q(pk__in=CellMembership.objects.filter(scope).values("member_id"))
    return queryset.filter(registry | in_scope if acc.registry_committees else in_scope)


# --- scoped querysets --------------------------------------------------------------------------


def visible_members(user):
    """The members the user may see (DESIGN §3): registry roles see the committee, others their
    cell (`scope_members`)."""
    return scope_members(Member.objects.all(), user)


def visible_committees(user):
    return Committee.objects.filter(pk__in=access_for(user).view_committees)


def visible_cells(user):
    return Cell.objects.in_committees(access_for(user).view_committees)


# --- object access (404 / 403) ----------------------------------------------------------------


def _get_in_committee(queryset, user, pk, *, edit: bool):
    """One object of a committee-owned model: 404 if not visible, 403 if not editable."""
    obj = (
        queryset.filter(committee_id__in=access_for(user).view_committees, pk=pk)
        .select_related("committee")
        .first()
    )
    if obj is None:
        raise Http404
    if edit and not can_edit_committee(user, obj.committee_id):
        raise PermissionDenied
    return obj


def get_committee_for_user(user, pk, *, edit: bool = False) -> Committee:
    committee = visible_committees(user).filter(pk=pk).first()
    if committee is None:
        raise Http404
    if edit and not can_edit_committee(user, committee.pk):
        raise PermissionDenied
    return committee


def get_cell_for_user(user, pk, *, edit: bool = False) -> Cell:
    return _get_in_committee(Cell.objects.all(), user, pk, edit=edit)


def get_term_for_user(user, pk, *, edit: bool = False) -> Term:
    return _get_in_committee(Term.objects.all(), user, pk, edit=edit)


def get_superior_body_for_user(user, pk, *, edit: bool = False) -> SuperiorBody:
    return _get_in_committee(SuperiorBody.objects.all(), user, pk, edit=edit)


def only_superior_grants(user) -> bool:
    """Her only office is a superior grant (issue 22): no member record, no office or grant in a
    committee, and a grant at a superior today — her landing page and menu are the superior's
    dashboard. The grants are asked for only then (one query)."""
    acc = access_for(user)
    if not acc.user_id or acc.member_id or acc.view_committees or acc.officer_cells:
        return False
    return superiors_of(user).exists()


def get_superior_for_user(user, pk) -> Superior:
    """A superior whose dashboard the user opens: one where she holds a grant today; any, for a
    superuser (the numbers hold nothing confidential, as the committee dashboards). 404 else."""
    superiors = Superior.objects.all() if access_for(user).is_superuser else superiors_of(user)
    superior = superiors.filter(pk=pk).first()
    if superior is None:
        raise Http404
    return superior


def _refuse_superior_officer(user) -> None:
    """404 for a superior's officer outside the member registry (DESIGN §3: never a member's
    record or what hangs on it); asked only of users without the registry (one query)."""
    acc = access_for(user)
    if not acc.member_section and acc.superior_committees:
        raise Http404


def get_member_for_user(user, pk, *, edit: bool = False) -> Member:
    """A member record: 404 if not visible to the user, 403 if she may not change it. A superior's
    officer outside the registry never reads one, even of a committee under her superior: 404
    (`_refuse_superior_officer`)."""
    _refuse_superior_officer(user)
    require_member_section(user)
    member = (
        visible_members(user)
        .with_current_cell()
        .select_related("committee", "user")
        .filter(pk=pk)
        .first()
    )
    if member is None:
        raise Http404
    if edit and not can_edit_member(user, member):
        raise PermissionDenied
    return member


def get_position_for_user(user, pk) -> Position:
    """A position of a visible member; 403 unless the user manages the committee's positions and
    may act on the member (`can_manage_member`); 404 for a superior's officer."""
    _refuse_superior_officer(user)
    require_member_section(user)
    position = (
        Position.objects.filter(pk=pk, member__in=visible_members(user))
        .select_related("member", "cell")
        .first()
    )
    if position is None:
        raise Http404
    if not can_manage_member(user, position.member):
        raise PermissionDenied
    return position


def require_audit(user, committee_id: int) -> None:
    if not can_audit_committee(user, committee_id):
        raise PermissionDenied
