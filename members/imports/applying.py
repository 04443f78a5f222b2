"""Applying a member workbook: the dry run of the upload page and the import itself.

`import_plan` checks a file completely and saves nothing; `members_import` writes it in ONE
transaction through `member_create` / `member_update`, or nothing if any row is refused
(`ImportRefused` lists the problems).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cells.models import Committee
from members import services
from members.imports.columns import COLUMN_BY_FIELD, RECORD_FIELDS
from members.imports.parsing import Parsed, Problem, parse_file
from members.imports.planning import ImportPlan, plan_rows


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int


class ImportRefused(ValidationError):
    """The import saved nothing; `problems` lists (row, column, message) for the report."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__([str(p) for p in problems] or [_("The import was refused.")])


def _service_problems(number: int, error: ValidationError) -> list[Problem]:
    """A write service's refusal as problems of this row, each under its column."""
    if not hasattr(error, "error_dict"):
        return [Problem(number, "", message) for message in error.messages]
    problems = []
    for name, messages in error.message_dict.items():
        column = COLUMN_BY_FIELD.get(name)
        for message in messages:
            problems.append(Problem(number, column.header if column else "", message))
    return problems


def _apply(plan: ImportPlan, by) -> list[Problem]:
    """Write every row without a problem through the services; return the problems they raise.

    Runs inside the caller's transaction. Each service call is atomic (a savepoint), so a refused
    row leaves the transaction usable and every row gets checked.
    """
    skip = {p.row for p in plan.errors}
    problems = []
    for row in plan.creates:
        if row.row in skip:
            continue
        data = {name: row.values[name] for name in RECORD_FIELDS if name in row.values}
        joined_on = row.values.get("joined_on") or row.values.get("admitted_on")
        try:
            services.member_create(
                committee=plan.committee,
                cell=row.cell,
                joined_on=joined_on,
                status=row.values["status"],
                by=by,
                arrived_from=row.values.get("arrived_from", ""),
                letter_presented_on=row.values.get("letter_presented_on"),
                **data,
            )
        except ValidationError as error:
            problems.extend(_service_problems(row.row, error))
        except IntegrityError:
            problems.append(Problem(row.row, "", _conflict()))
    for row in plan.updates:
        if row.row in skip:
            continue
        data = {name: row.values[name] for name in RECORD_FIELDS if name in row.values}
        try:
            services.member_update(member=row.member, by=by, **data)
        except ValidationError as error:
            problems.extend(_service_problems(row.row, error))
        except IntegrityError:
            problems.append(Problem(row.row, "", _conflict()))
    return problems


def _conflict() -> str:
    return _("Someone changed the registry at the same time. Upload the file again.")


class _DryRun(Exception):
    """Raised to roll back the trial run of `import_plan`."""


def import_plan(*, committee: Committee, upload, by, try_rows: bool = True) -> ImportPlan:
    """Read and check an uploaded file completely; nothing is saved.

    A problem with the file as a whole (not an Excel workbook, too large, password-protected,
    wrong columns, too many rows) raises a `ValidationError`. Problems of rows are in
    `plan.errors`: the cells and the matching first, then — with `try_rows` — what the write
    services refuse when every valid row is tried in a transaction that is rolled back. That trial
    costs about as much as the import itself; without it, `members_import` still checks every row
    and saves nothing if one is refused.
    """
    plan = plan_rows(parse_file(upload, committee), committee, by)
    if not try_rows:
        return plan
    try:
        with transaction.atomic():
            plan.errors.extend(_apply(plan, by))
            raise _DryRun
    except _DryRun:
        pass
    plan.sort()
    return plan


def members_import(*, committee: Committee, plan_or_file, by) -> ImportResult:
    """Import the members of a checked plan (or of an uploaded file) in ONE transaction.

    The committee is locked, the rows are matched again on the citizen ID and written through
    `member_create` / `member_update`, which check every rule again. If anything is refused,
    everything is rolled back and `ImportRefused` lists the problems.
    """
    with transaction.atomic():
        Committee.objects.select_for_update().get(pk=committee.pk)
        if isinstance(plan_or_file, ImportPlan):
            if plan_or_file.committee.pk != committee.pk:
                raise ValueError("The plan was made for another committee.")
            rows = [*plan_or_file.creates, *plan_or_file.updates, *plan_or_file.unchanged]
            parsed = Parsed(
                rows=sorted(((r.row, r.values) for r in rows), key=lambda pair: pair[0]),
                errors=[],
                warnings=[],
            )
            if plan_or_file.errors:
                raise ImportRefused(plan_or_file.errors)
        else:
            parsed = parse_file(plan_or_file, committee)
        plan = plan_rows(parsed, committee, by)
        if plan.errors:
            raise ImportRefused(plan.errors)
        problems = _apply(plan, by)
        if problems:
            plan.errors.extend(problems)
            plan.sort()
            raise ImportRefused(plan.errors)
    return ImportResult(
        created=len(plan.creates), updated=len(plan.updates), unchanged=len(plan.unchanged)
    )
