"""Pages of the member registry: list, record, create/edit, status, moves, transfers, positions.

The pages show the party fees where the registry needs them (DESIGN §2: a view may read any app's
selectors; `members` itself never imports `fees`): "paid up to month …" on the record and in the
officers' list (with its "behind with fees" filter), the Charter's two flags on the record
(`dashboard.flags`), and the paid-up month on the transfer letter.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
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
from core.versions import render_part
from core.views import form_page
from dashboard.flags import may_see_member_flags, member_flags
from fees import access as fee_access
from fees import rates as fee_rates
from fees import selectors as fee_selectors
from library import access as library_access
from library.training import selectors as training_selectors
from members import access, access_log, services
from members import positions as members_positions
from members import transfer_letter as members_transfer_letter
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
from members.models import AccessLog, Transfer
from members.selectors import current_positions_by_member
from reviews.records.panel import member_records

PAGE_SIZE = 25
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- list and record ----------------------------------------------------------------------------


def _behind_with_fees(queryset):
    """The members of `queryset` not paid up to last month (`fees.selectors.behind_with_fees`:
    three queries, whatever their number)."""
    return queryset.filter(
        pk__in=fee_selectors.behind_with_fees(queryset.values_list("pk", flat=True))
    )


def member_filterset(request):
    """The member list's filters over what the user may see (the list and its Excel export).
    Officers (who see the members' personal fields, and so "paid up to") may also keep only the
    members behind with their fees."""
    acc = access.require_member_section(request.user)
    members = access.visible_members(request.user).with_current_cell().select_related("committee")
    cells = Cell.objects.filter(
        Q(committee_id__in=acc.registry_committees) | Q(pk__in=acc.officer_cells | acc.own_cells)
    ).order_by("code")
    personal = bool(acc.registry_committees or acc.officer_cells)
    return MemberFilter(
        request.GET or None,
        queryset=members,
        cells=cells,
        personal=personal,
        fees_behind=_behind_with_fees if personal else None,
    )


def member_list(request):
    access.require_member_section(request.user)
    # The page for this user and these filters: one cached part (`core.versions`) over the
    # committees whose members she may see.
    body = render_part(
        request,
        "member-list",
        access.held_scopes(request.user),
        (request.GET.urlencode(), timezone.localdate()),
        "members/_member_list_body.html",
        lambda: _member_list_context(request),
    )
    return render(request, "members/member_list.html", {"body": body})


def _member_list_context(request) -> dict:
    filterset = member_filterset(request)
    page = Paginator(filterset.qs.ordered(), PAGE_SIZE).get_page(request.GET.get("page"))
    positions = current_positions_by_member([m.pk for m in page.object_list])
    acc = access.access_for(request.user)
    # "Đảng phí đến tháng": the officers' list only, for the members whose record they may read.
    fees_column = bool(acc.registry_committees or acc.officer_cells)
    today = timezone.localdate()
    paid = fee_selectors.paid_up_to_many([m.pk for m in page.object_list]) if fees_column else {}
    rows = []
    for m in page.object_list:
        row = {
            "member": m,
            "positions": positions.get(m.pk, []),
            "personal": access.can_see_personal(request.user, m),
        }
        row["fees"] = fees_column and fee_access.may_see_paid_up_to(request.user, m)
        if row["fees"]:
            row["paid_up_to"] = paid.get(m.pk)
            row["fees_behind"] = fee_rates.is_behind(row["paid_up_to"], today)
        rows.append(row)
    more = [f for f in filterset.form if f.name not in ("q", "cell", "status")]
    return {
        "filter": filterset,
        "more_filters": more,
        "more_filters_used": any(request.GET.get(f.name) for f in more),
        "page": page,
        "rows": rows,
        "fees_column": fees_column,
        "can_create": access.cells_for_new_members(request.user).exists(),
        "can_import": bool(acc.registry_committees),
        "can_see_log": bool(access_log.log_committees(request.user)),
        "query": request.GET.urlencode(),
    }


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
        # Who viewed her record: she herself; the committee's log of her: its officers.
        "own_record": member.pk == access.access_for(request.user).member_id,
        "can_see_log": access_log.may_see_committee_log(request.user, member.committee_id),
    }
    context.update(_fees_context(request.user, member))
    context.update(_training_context(request.user, member))
    if personal:
        access_log.log_view(
            request.user, kind=AccessLog.Kind.PERSONAL, member=member, obj=member, request=request
        )
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


def _training_context(user, member) -> dict:
    """Her political-theory courses (DOMAIN §14), for whoever sees her personal fields, with
    add/edit/archive links for whoever records them (`library.access`)."""
    if not library_access.may_see_training(user, member):
        return {"training_shown": False}
    return {
        "training_shown": True,
        "training_courses": training_selectors.member_courses(member, user=user),
        "can_record_training": member.is_on_roll
        and library_access.may_record_training(user, member),
    }


def _fees_context(user, member) -> dict:
    """What her record shows of her fees and of the Charter's two flags, for those who may see
    them: "paid up to month …" (whoever sees her personal fields) with a link to her fee page
    (those who see the amounts); her flags of this year (herself, her cell's and committee's
    officers)."""
    context = {"fees_shown": False, "flags": None}
    today = timezone.localdate()
    if fee_access.may_see_paid_up_to(user, member):
        paid_up_to = fee_selectors.paid_up_to(member)
        context.update(
            {
                "fees_shown": True,
                "paid_up_to": paid_up_to,
                "fees_behind": fee_rates.is_behind(paid_up_to, today),
                "fees_link": fee_access.may_see_amounts(user, member),
            }
        )
    if may_see_member_flags(user, member):
        flags = member_flags(member.committee, today.year, member=member, today=today)
        context.update({"flags": flags, "member_flag": flags.of(member.pk)})
    return context


def transfer_letter(request, pk):
    """Giấy giới thiệu sinh hoạt đảng: the letter of a transfer out, as a DOCX (in Vietnamese),
    for whoever may read her personal fields (her transfers); 404 for anyone else."""
    transfer = Transfer.objects.filter(pk=pk, direction=Transfer.Direction.OUT).first()
    if transfer is None:
        raise Http404
    member = access.get_member_for_user(request.user, transfer.member_id)
    if not access.can_see_personal(request.user, member):
        raise Http404
    transfer.member = member
    data = members_transfer_letter.letter_docx(
        transfer, paid_up_to=fee_selectors.paid_up_to(member)
    )
    response = HttpResponse(data, content_type=DOCX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{members_transfer_letter.letter_filename(transfer)}"'
    )
    return response


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
        theory_level_locked=training_selectors.level_follows_courses(member),
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
    access_log.log_view(
        request.user, kind=AccessLog.Kind.PERSONAL, member=member, obj=member, request=request
    )
    page = Paginator(history_entries(member.history.all()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "members/member_history.html", {"member": member, "page": page})
