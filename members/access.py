"""Who may see and change what (DESIGN §3, DOMAIN §10) — the one module that answers it.

The first version knows committee role grants; the members issue adds positions here.
Views ask through the helpers below and answer 404 for what the user may not see, 403 for what
she may see but not change.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cells.models import Cell, Committee, SuperiorBody, Term
from members.models import CommitteeRole

_CACHE_ATTR = "_chibo_access"


@dataclass(frozen=True)
class Access:
    """What one user may do, computed once per request."""

    view_committees: frozenset[int] = field(default_factory=frozenset)
    edit_committees: frozenset[int] = field(default_factory=frozenset)
    audit_committees: frozenset[int] = field(default_factory=frozenset)
    is_superuser: bool = False


def access_for(user) -> Access:
    """The user's access, cached on the user object for the rest of the request."""
    if not getattr(user, "is_authenticated", False):
        return Access()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    view, edit, audit = set(), set(), set()
    for committee_id, role in (
        CommitteeRole.objects.filter(user=user).current().values_list("committee_id", "role")
    ):
        view.add(committee_id)
        if role == CommitteeRole.Role.OFFICER:
            edit.add(committee_id)
            audit.add(committee_id)
    if user.is_superuser:
        # Superusers administer the organisation and its settings (DESIGN §3).
        all_ids = set(Committee.objects.values_list("pk", flat=True))
        view |= all_ids
        edit |= all_ids
        audit |= all_ids
    result = Access(frozenset(view), frozenset(edit), frozenset(audit), user.is_superuser)
    setattr(user, _CACHE_ATTR, result)
    return result


def forget(user) -> None:
    """Drop the cached access (after a grant changes within the same request or test)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


# --- questions -------------------------------------------------------------------------------


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


# --- scoped querysets --------------------------------------------------------------------------


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


def require_audit(user, committee_id: int) -> None:
    if not can_audit_committee(user, committee_id):
        raise PermissionDenied
