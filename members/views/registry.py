"""Pages of the member registry: list, record, create/edit, status, moves, transfers, positions."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cells.models import Cell
from cells.rules import rules_for
from core.forms import posted, posted_files
from core.history import history_entries
from core.uploads import upload_limit
from core.views import form_page
from members import access, services
from members import positions as members_positions
from members import transfers as members_transfers
from members.filters import MemberFilter
from members.forms import (
    PHOTO_MAX_MB,
    MemberCreateForm,
    MemberForm,
    MoveForm,
    OwnProfileForm,
    PositionEndForm,
    PositionForm,
    StatusChangeForm,
    TransferForm,
)
from members.selectors import current_positions_by_member
from reviews.records.panel import member_records

PAGE_SIZE = 25


# --- list and record ----------------------------------------------------------------------------


def member_filterset(request):
    """The member list's filters over what the user may see (the list and its Excel export)."""
    acc = access.require_member_section(request.user)
    members = access.visible_members(request.user).with_current_cell().select_related("committee")
    cells = Cell.objects.filter(
        Q(committee_id__in=acc.registry_committees) | Q(pk__in=acc.officer_cells | acc.own_cells)
    ).order_by("code")
    personal = bool(acc.registry_committees or acc.officer_cells)
    return MemberFilter(request.GET or None, queryset=members, cells=cells, personal=personal)


def member_list(request):
    filterset = member_filterset(request)
    page = Paginator(filterset.qs.ordered(), PAGE_SIZE).get_page(request.GET.get("page"))
    positions = current_positions_by_member([m.pk for m in page.object_list])
    rows = [
        {
            "member": m,
            "positions": positions.get(m.pk, []),
            "personal": access.can_see_personal(request.user, m),
        }
        for m in page.object_list
    ]
    acc = access.access_for(request.user)
    more = [f for f in filterset.form if f.name not in ("q", "cell", "status")]
    return render(
        request,
        "members/member_list.html",
        {
            "filter": filterset,
            "more_filters": more,
            "more_filters_used": any(request.GET.get(f.name) for f in more),
            "page": page,
            "rows": rows,
            "can_create": access.cells_for_new_members(request.user).exists(),
            "can_import": bool(acc.registry_committees),
            "query": request.GET.urlencode(),
        },
    )


def member_detail(request, pk):
    member = access.get_member_for_user(request.user, pk)
    personal = access.can_see_personal(request.user, member)
    can_edit = access.can_edit_member(request.user, member)
    context = {
        "member": member,
        "personal": personal,
        "can_edit": can_edit,
        "can_manage": access.can_manage_member(request.user, member),
        "can_audit": access.can_audit_member(request.user, member),
        "positions": member.positions.select_related("cell", "term").order_by("-start_date"),
        # Her commendations, discipline and residence comments: herself and her officers only.
        "records": member_records(request.user, member),
    }
    if personal:
        rules = rules_for(member.committee)
        transfers = list(member.transfers.order_by("-date"))
        for transfer in transfers:
            transfer.is_late = members_transfers.transfer_letter_is_late(transfer, rules=rules)
        context.update(
            {
                "events": member.status_events.select_related("recorded_by").order_by(
                    "-date", "-pk"
                ),
                "memberships": member.memberships.select_related("cell").order_by("-start_date"),
                "transfers": transfers,
                "transfer_letter_days": rules.transfer_letter_days,
            }
        )
    return render(request, "members/member_detail.html", context)


def member_photo(request, pk):
    member = access.get_member_for_user(request.user, pk)
    if not member.photo:
        raise Http404
    try:
        return FileResponse(member.photo.open("rb"))
    except FileNotFoundError as error:
        raise Http404 from error


def my_profile(request):
    """Hồ sơ của tôi: her own record; she may change her phone, e-mail and current residence."""
    member_id = access.access_for(request.user).member_id
    if member_id is None:
        return render(request, "members/my_profile_missing.html")
    member = access.get_member_for_user(request.user, member_id)
    form = OwnProfileForm(posted(request), instance=member)
    return form_page(
        request,
        form=form,
        service=lambda **data: services.member_update_own(member=member, by=request.user, **data),
        success_message=_("Your changes were saved."),
        template="members/my_profile.html",
        context={
            "member": member,
            "positions": member.positions.current().select_related("cell"),
            "events": member.status_events.order_by("-date", "-pk"),
            "memberships": member.memberships.select_related("cell").order_by("-start_date"),
        },
        redirect_to=lambda _result: "members:me",
    )


# --- create and edit ----------------------------------------------------------------------------


@upload_limit(lambda request: PHOTO_MAX_MB)
@require_http_methods(["GET", "POST"])
def member_create(request):
    access.require_member_section(request.user)
    cells = access.cells_for_new_members(request.user)
    if not cells.exists():
        raise PermissionDenied
    form = MemberCreateForm(posted(request), posted_files(request), cells=cells)
    form.fields["joined_on"].initial = timezone.localdate()

    def create(*, cell, **data):
        return services.member_create(committee=cell.committee, cell=cell, by=request.user, **data)

    return form_page(
        request,
        form=form,
        service=create,
        success_message=_("The member was added."),
        template="members/member_form.html",
        context={"heading": _("Add a member"), "cancel_url": reverse("members:list")},
        redirect_to=lambda member: member,
    )


def _photo_max_mb(request, pk) -> int:
    """The photo limit `MemberForm` applies: the committee's, at most `PHOTO_MAX_MB`."""
    member = access.get_member_for_user(request.user, pk, edit=True)
    return min(rules_for(member.committee).upload_max_mb, PHOTO_MAX_MB)


@upload_limit(_photo_max_mb)
@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    member = access.get_member_for_user(request.user, pk, edit=True)
    form = MemberForm(
        posted(request),
        posted_files(request),
        instance=member,
        upload_max_mb=rules_for(member.committee).upload_max_mb,
    )
    return form_page(
        request,
        form=form,
        service=lambda **data: services.member_update(member=member, by=request.user, **data),
        success_message=_("The changes were saved."),
        template="members/member_form.html",
        context={
            "member": member,
            "heading": _("Edit the member record"),
            "cancel_url": member.get_absolute_url(),
        },
        redirect_to=lambda _result: member,
    )


@require_http_methods(["GET", "POST"])
def member_status(request, pk):
    member = access.get_member_for_user(request.user, pk, edit=True)
    form = StatusChangeForm(posted(request), initial={"date": timezone.localdate()})
    return form_page(
        request,
        form=form,
        service=lambda **data: services.member_change_status(
            member=member, by=request.user, **{**data, "status_after": data["status_after"] or None}
        ),
        success_message=_("The change of status was recorded."),
        template="members/member_action.html",
        context={
            "member": member,
            "heading": _("Change of status"),
            "cancel_url": member.get_absolute_url(),
        },
        redirect_to=lambda _result: member,
    )


@require_http_methods(["GET", "POST"])
def member_move(request, pk):
    member = access.get_member_for_user(request.user, pk)
    if not access.can_manage_member(request.user, member):
        raise PermissionDenied
    cells = Cell.objects.filter(committee=member.committee).active().order_by("code")
    form = MoveForm(posted(request), cells=cells, initial={"date": timezone.localdate()})
    return form_page(
        request,
        form=form,
        service=lambda **data: members_transfers.member_move(
            member=member, by=request.user, **data
        ),
        success_message=_("The member was moved to the new cell."),
        template="members/member_action.html",
        context={
            "member": member,
            "heading": _("Move to another cell"),
            "cancel_url": member.get_absolute_url(),
        },
        redirect_to=lambda _result: member,
    )


@require_http_methods(["GET", "POST"])
def member_transfer(request, pk):
    member = access.get_member_for_user(request.user, pk, edit=True)
    form = TransferForm(posted(request), initial={"date": timezone.localdate()})
    return form_page(
        request,
        form=form,
        service=lambda **data: members_transfers.transfer_record(
            member=member, by=request.user, **form.service_arguments()
        ),
        success_message=_("The transfer was recorded."),
        template="members/member_action.html",
        context={
            "member": member,
            "heading": _("Transfer of party activities"),
            "cancel_url": member.get_absolute_url(),
        },
        redirect_to=lambda _result: member,
    )


# --- positions ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def position_add(request, pk):
    member = access.get_member_for_user(request.user, pk)
    if not access.can_manage_member(request.user, member):
        raise PermissionDenied
    term = member.committee.current_term()
    form = PositionForm(
        posted(request),
        committee=member.committee,
        roles=access.assignable_roles(request.user, member.committee_id),
        initial={
            "term": term,
            "start_date": timezone.localdate(),
            "cell": member.current_cell_id,
        },
    )
    return form_page(
        request,
        form=form,
        service=lambda **data: members_positions.position_assign(
            member=member, by=request.user, **data
        ),
        success_message=_("The position was recorded."),
        template="members/member_action.html",
        context={
            "member": member,
            "heading": _("Add a position"),
            "cancel_url": member.get_absolute_url(),
        },
        redirect_to=lambda _result: member,
    )


@require_http_methods(["GET", "POST"])
def position_end(request, pk):
    position = access.get_position_for_user(request.user, pk)
    member = position.member
    form = PositionEndForm(posted(request), initial={"end_date": timezone.localdate()})
    return form_page(
        request,
        form=form,
        service=lambda **data: members_positions.position_end(
            position=position, by=request.user, **data
        ),
        success_message=_("The position was ended."),
        template="members/member_action.html",
        context={
            "member": member,
            "heading": _("End the position: %(position)s") % {"position": position},
            "cancel_url": member.get_absolute_url(),
        },
        redirect_to=lambda _result: member,
    )


def member_history(request, pk):
    member = access.get_member_for_user(request.user, pk)
    if not access.can_audit_member(request.user, member):
        raise PermissionDenied
    page = Paginator(history_entries(member.history.all()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "members/member_history.html", {"member": member, "page": page})
