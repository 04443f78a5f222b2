"""The member list as an Excel sheet: the filtered list, with the columns the user may see."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.spreadsheets import safe_row, workbook_bytes
from members import access
from members.access_log import log_views
from members.models import AccessLog
from members.selectors import current_positions_by_member
from members.views.registry import member_filterset

EXPORT_MAX_ROWS = 20_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


def _columns(personal: bool):
    """(header, value getter) pairs; personal columns only for users who may see them."""
    public = [
        (_("Full name"), lambda m, p: m.full_name),
        (_("Cell"), lambda m, p: m.current_cell_name or ""),
        (_("Positions"), lambda m, p: "; ".join(x.get_role_display() for x in p)),
        (_("Phone"), lambda m, p: m.phone),
    ]
    if not personal:
        return public
    return [
        *public,
        (_("Status"), lambda m, p: m.get_status_display()),
        (_("E-mail"), lambda m, p: m.email),
        (_("Date of birth"), lambda m, p: _date(m.date_of_birth)),
        (_("Sex"), lambda m, p: m.get_sex_display()),
        (_("Ethnicity"), lambda m, p: m.ethnicity),
        (_("Religion"), lambda m, p: m.religion),
        (_("Citizen ID"), lambda m, p: m.citizen_id or ""),
        (_("Home town"), lambda m, p: m.home_town),
        (_("Permanent residence"), lambda m, p: m.permanent_address),
        (_("Current residence"), lambda m, p: m.current_address),
        (_("Political theory"), lambda m, p: m.get_theory_level_display()),
        (_("Job or position"), lambda m, p: m.job_title),
        (_("Party card"), lambda m, p: m.card_number or ""),
        (_("Date admitted"), lambda m, p: _date(m.admitted_on)),
        (_("Date recognised official"), lambda m, p: _date(m.recognised_on)),
    ]


def member_export(request):
    """Xuất Excel: what the list shows with the same filters, in Vietnamese list order."""
    filterset = member_filterset(request)
    members = list(filterset.qs.ordered()[:EXPORT_MAX_ROWS])
    positions = current_positions_by_member([m.pk for m in members])
    acc = access.access_for(request.user)
    personal = bool(acc.registry_committees or acc.officer_cells)
    columns = _columns(personal)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Members")[:31]
    sheet.append([header for header, _get in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    public_count = len(_columns(False))
    exported = []  # the members whose personal fields the sheet holds (the access log)
    for member in members:
        row = [get(member, positions.get(member.pk, [])) for _h, get in columns]
        if personal and not access.can_see_personal(request.user, member):
            row = row[:public_count] + [""] * (len(columns) - public_count)
        elif personal:
            exported.append((member, None))
        sheet.append(safe_row(row))
    log_views(request.user, kind=AccessLog.Kind.MEMBER_EXPORT, records=exported, request=request)
    for index, (header, _get) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) + 4)
    sheet.freeze_panes = "A2"
    response = HttpResponse(workbook_bytes(book), content_type=XLSX)
    filename = f"dang-vien-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
