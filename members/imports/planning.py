"""Matching the rows of a member workbook on the registry: who is new, what changes for whom.

`plan_rows` matches each row read by `parsing.parse_file` on the citizen ID and returns an
`ImportPlan`: the members to create, those whose record changes (with each change as the preview
shows it), those unchanged, and the problems — errors that stop the import, warnings that do not.
Nothing is written here.
"""

import datetime
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cells.models import Cell, Committee
from members import access
from members.imports.columns import COLUMN_BY_FIELD, COLUMNS, NEW, RECORD_FIELDS
from members.imports.parsing import Parsed, Problem
from members.models import Member


@dataclass
class Change:
    column: str
    old: str
    new: str


@dataclass
class PlanRow:
    row: int
    values: dict
    member: Member | None = None
    cell: Cell | None = None
    changes: list[Change] = field(default_factory=list)

    @property
    def full_name(self):
        return self.values.get("full_name") or (self.member.full_name if self.member else "")

    @property
    def birth(self) -> str:
        return _display("date_of_birth", self.values.get("date_of_birth"))

    @property
    def cell_code(self) -> str:
        return self.cell.code if self.cell else self.values.get("cell", "")

    @property
    def status_label(self) -> str:
        return _display("status", self.values.get("status"))


@dataclass
class ImportPlan:
    """What an import would do: rows to create, to update (with their changes), and problems."""

    committee: Committee
    creates: list[PlanRow] = field(default_factory=list)
    updates: list[PlanRow] = field(default_factory=list)
    unchanged: list[PlanRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def sort(self):
        order = {column.header: index for index, column in enumerate(COLUMNS)}
        for problems in (self.errors, self.warnings):
            problems.sort(key=lambda p: (p.row or 0, order.get(p.column, -1)))


# --- display (the preview shows values as the spreadsheet writes them) ---------------------------


def _label(choices: dict, code) -> str:
    for label, value in choices.items():
        if value == code:
            return label
    return str(code)


def _display(name: str, value) -> str:
    if value is None or value == "":
        return "—"
    column = COLUMN_BY_FIELD.get(name)
    if isinstance(value, Cell):
        return value.code
    if column and column.choices:
        return _label(column.choices, value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


# --- matching against the registry ----------------------------------------------------------------


def _same(new, old) -> bool:
    if isinstance(new, str) and isinstance(old, str):
        return new == unicodedata.normalize("NFC", old)
    return new == old


def plan_rows(parsed: Parsed, committee: Committee, by) -> ImportPlan:
    """Match each row on the citizen ID: a new member, or the changes to one on record."""
    plan = ImportPlan(committee=committee, errors=list(parsed.errors))
    plan.warnings.extend(parsed.warnings)
    ids = [values["citizen_id"] for _n, values in parsed.rows if values.get("citizen_id")]
    existing = {
        m.citizen_id: m
        for m in Member.objects.filter(committee=committee, citizen_id__in=ids)
        .with_current_cell()
        .select_related("committee")
    }
    cells = list(Cell.objects.filter(committee=committee))
    context = {
        "by_code": {cell.code: cell for cell in cells},
        "by_key": {cell.code.casefold(): cell for cell in cells},
        "by_pk": {cell.pk: cell for cell in cells},
        "allowed": set(
            access.cells_for_new_members(by)
            .filter(committee=committee)
            .values_list("pk", flat=True)
        ),
        # Cells already reported: an invalid value is not reported again as missing.
        "flagged": {(p.row, p.column) for p in plan.errors},
    }
    for number, values in parsed.rows:
        code = values.get("cell")
        cell = context["by_code"].get(code) or context["by_key"].get((code or "").casefold())
        row = PlanRow(
            row=number, values=values, member=existing.get(values.get("citizen_id")), cell=cell
        )
        if row.member is None:
            _plan_new(plan, row, context)
        else:
            _plan_update(plan, row, context, by)
    plan.sort()
    return plan


def _problem(problems: list, row: PlanRow, name: str, message: str) -> None:
    column = COLUMN_BY_FIELD.get(name)
    problems.append(Problem(row.row, column.header if column else "", message))


def _plan_new(plan: ImportPlan, row: PlanRow, context: dict) -> None:
    values, cell, code = row.values, row.cell, row.values.get("cell")
    flagged = context["flagged"]
    for column in COLUMNS:
        missing = column.required == NEW and column.field not in values
        if missing and (row.row, column.header) not in flagged:
            _problem(plan.errors, row, column.field, _("Required for a new member."))
    if code and cell is None:
        _problem(
            plan.errors,
            row,
            "cell",
            _("This committee has no cell with the code “%(code)s”.") % {"code": code},
        )
    elif cell is not None and not cell.is_active:
        _problem(plan.errors, row, "cell", _("The cell %(code)s is dissolved.") % {"code": code})
    elif cell is not None and cell.pk not in context["allowed"]:
        _problem(
            plan.errors,
            row,
            "cell",
            _("You may not add members to the cell %(code)s.") % {"code": cell.code},
        )
    dates = ("joined_on", "admitted_on")
    if not any(name in values for name in dates) and not any(
        (row.row, COLUMN_BY_FIELD[name].header) in flagged for name in dates
    ):
        _problem(
            plan.errors,
            row,
            "joined_on",
            _("Give the date she joined the cell, or the date she was admitted."),
        )
    plan.creates.append(row)


def _plan_update(plan: ImportPlan, row: PlanRow, context: dict, by) -> None:
    """A member on record: her record fields may change; her cell and status only warn."""
    member, values, code = row.member, row.values, row.values.get("cell")
    if not access.can_edit_member(by, member):
        _problem(
            plan.errors,
            row,
            "",
            _("You may not change the record of %(name)s.") % {"name": member.full_name},
        )
    if code and (row.cell is None or row.cell.pk != member.current_cell_id):
        current = context["by_pk"].get(member.current_cell_id)
        _problem(
            plan.warnings,
            row,
            "cell",
            _(
                "%(name)s is in the cell %(current)s, the file says %(code)s: the cell is not "
                "changed by the import. Use “Move to another cell” on her page."
            )
            % {"name": member.full_name, "current": current.code if current else "—", "code": code},
        )
    status = values.get("status")
    if status and status != member.status:
        _problem(
            plan.warnings,
            row,
            "status",
            _(
                "%(name)s is “%(current)s” on record, the file says “%(status)s”: the status is "
                "not changed by the import. Use “Change of status” on her page."
            )
            % {
                "name": member.full_name,
                "current": member.get_status_display(),
                "status": _display("status", status),
            },
        )
    for name in RECORD_FIELDS:
        if name in values and not _same(values[name], getattr(member, name)):
            row.changes.append(
                Change(
                    column=COLUMN_BY_FIELD[name].header,
                    old=_display(name, getattr(member, name)),
                    new=_display(name, values[name]),
                )
            )
    (plan.updates if row.changes else plan.unchanged).append(row)
