"""Excel import of members (members/imports/, members/views/imports.py).

All-or-nothing, idempotent re-import, the error report's rows and columns, bad files, access.
Files are built with openpyxl in memory. Pages are requested in English (the source strings), so
the assertions do not depend on the Vietnamese catalogue; column headers are Vietnamese data.
"""

import datetime
import io
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cells.models import CommitteeSettings
from members.imports.applying import ImportRefused, import_plan, members_import
from members.imports.columns import COLUMNS, EXAMPLE_CITIZEN_ID
from members.models import CellMembership, Member, Status, StatusEvent
from members.views.imports import SESSION_KEY
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

HEADERS = [column.header for column in COLUMNS]
UPLOAD = reverse("members:import_upload")
PREVIEW = reverse("members:import_preview")
CONFIRM = reverse("members:import_confirm")
TEMPLATE = reverse("members:import_template")
DOB = "Ngày sinh*"
CCCD = "Số CCCD*"


def member_row(n: int, **overrides) -> dict:
    """A valid row for a new official member of cell CB1 (header → value)."""
    row = {
        "Họ và tên*": f"Nguyễn Thị Nhập{n}",
        "Ngày sinh*": "05/03/1990",
        "Giới tính*": "Nữ",
        "Số CCCD*": f"0661900{n:05d}",
        "Điện thoại": f"0905{n:06d}",
        "Lý luận chính trị": "Sơ cấp",
        "Ngày vào Đảng": "19/05/2015",
        "Ngày chính thức": "19/05/2016",
        "Mã chi bộ*": "CB1",
        "Trạng thái*": "Chính thức",
    }
    row.update(overrides)
    return row


def xlsx(rows, headers=HEADERS, *, blank_rows_after=()) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Đảng viên"
    sheet.append(headers)
    for index, row in enumerate(rows, start=1):
        sheet.append([row.get(header) for header in headers])
        if index in blank_rows_after:
            sheet.append([])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_upload(content: bytes, name="danh-sach.xlsx"):
    return SimpleUploadedFile(name, content)


@pytest.fixture(autouse=True)
def english():
    """Messages in their English source form, whatever the catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test stores its uploads in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(committee):
    cell1 = CellFactory(committee=committee, code="CB1", name="Chi bộ Toán")
    cell2 = CellFactory(committee=committee, code="CB2", name="Chi bộ Văn")
    return {
        "committee": committee,
        "cell1": cell1,
        "cell2": cell2,
        "officer": CommitteeRoleFactory(committee=committee, role="officer").user,
    }


@pytest.fixture
def en(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def officer_en(en, world):
    en.force_login(world["officer"])
    return en


def post_file(client, content, name="danh-sach.xlsx", **data):
    return client.post(UPLOAD, {"file": as_upload(content, name), **data})


def stored_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return sorted(folder.glob("*.xlsx")) if folder.exists() else []


def file_errors(response) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get("file", [])]


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- the template ---------------------------------------------------------------------------------


def test_template_download_opens_with_the_headers(officer_en, world):
    response = officer_en.get(TEMPLATE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-dang-vien.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Đảng viên", "Hướng dẫn"]
    sheet = workbook["Đảng viên"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert "Họ và tên*" in HEADERS and "Số CCCD*" in HEADERS and "Mã chi bộ*" in HEADERS
    example = dict(zip(HEADERS, [c.value for c in sheet[2]], strict=True))
    assert example["Số CCCD*"] == EXAMPLE_CITIZEN_ID
    assert example["Mã chi bộ*"] == "CB1"
    guide = "\n".join(
        str(v) for row in workbook["Hướng dẫn"].iter_rows(values_only=True) for v in row if v
    )
    for text in ("Nam, Nữ", "Chưa qua đào tạo", "Dự bị, Chính thức", "CB2", "Chi bộ Văn"):
        assert text in guide


def test_template_writes_hostile_cell_names_as_text(officer_en, world):
    """A cell whose name or code looks like a formula is listed as text (issue 17 item 2)."""
    world["cell1"].code = "=1+1"
    world["cell1"].name = '=HYPERLINK("http://x","x")'
    world["cell1"].save()
    world["cell2"].code = 'B"&A1&"'  # would close the list's string in the cell validation
    world["cell2"].save()
    workbook = openpyxl.load_workbook(io.BytesIO(officer_en.get(TEMPLATE).content))
    formulas = [
        cell.coordinate
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    validation = next(
        v for v in workbook["Đảng viên"].data_validations.dataValidation if "=1+1" in v.formula1
    )
    assert validation.formula1 == '"=1+1,B""&A1&"""'
    guide = list(workbook["Hướng dẫn"].iter_rows(values_only=True))
    assert ("'=1+1", """'=HYPERLINK("http://x","x")""", world["committee"].name) in guide


def test_the_empty_template_uploaded_as_is_says_there_are_no_rows(officer_en, world):
    content = officer_en.get(TEMPLATE).content
    response = post_file(officer_en, content)
    assert response.status_code == 200
    assert file_errors(response) == ["The file holds no member rows."]


# --- the whole flow -------------------------------------------------------------------------------


def test_good_file_preview_then_confirm_creates_members_with_events_and_history(officer_en, world):
    rows = [
        member_row(1),
        member_row(2, **{"Trạng thái*": "Dự bị", "Ngày chính thức": None, "Mã chi bộ*": "cb2"}),
        member_row(
            3,
            **{"Giới tính*": "nam", "Học sinh": "Không", "Ngày sinh hoạt tại chi bộ": "01/09/2020"},
        ),
    ]
    response = post_file(officer_en, xlsx(rows))
    assert response.status_code == 302
    assert response["Location"] == PREVIEW
    assert len(stored_files()) == 1
    assert Member.objects.count() == 0  # nothing saved before the confirmation

    preview = officer_en.get(PREVIEW)
    assert preview.status_code == 200
    plan = preview.context["plan"]
    assert [r.row for r in plan.creates] == [2, 3, 4]
    assert plan.updates == [] and plan.errors == []
    html = preview.content.decode()
    assert "Nguyễn Thị Nhập2" in html
    assert reverse("members:import_confirm") in html
    assert Member.objects.count() == 0

    response = officer_en.post(CONFIRM)
    assert response.status_code == 302
    assert response["Location"] == reverse("members:list")
    assert flashed(response) == ["3 members added, 0 updated."]
    assert stored_files() == []
    assert SESSION_KEY not in officer_en.session

    members = {m.citizen_id: m for m in Member.objects.all()}
    assert len(members) == 3
    first, second, third = (members[f"0661900{n:05d}"] for n in (1, 2, 3))
    assert first.status == Status.OFFICIAL and first.sex == "female"
    assert first.date_of_birth == datetime.date(1990, 3, 5)
    assert first.theory_level == "elementary"
    kinds = lambda m: list(m.status_events.order_by("date").values_list("kind", flat=True))  # noqa: E731
    assert kinds(first) == ["admitted", "recognised"]
    assert kinds(second) == ["admitted"]
    assert second.status == Status.PROBATIONARY
    assert third.sex == "male"
    assert second.current_membership().cell == world["cell2"]
    assert third.current_membership().start_date == datetime.date(2020, 9, 1)
    assert first.current_membership().start_date == datetime.date(2015, 5, 19)
    assert first.ethnicity == "Kinh" and first.religion == "Không"  # defaults for blank cells
    for member in members.values():
        assert member.history.first().history_user == world["officer"]
        assert all(e.recorded_by == world["officer"] for e in member.status_events.all())


def test_reimport_is_idempotent_and_a_changed_phone_updates_with_history(officer_en, world):
    rows = [member_row(n) for n in (1, 2, 3)]
    post_file(officer_en, xlsx(rows))
    officer_en.post(CONFIRM)
    assert Member.objects.count() == 3
    history_before = Member.history.count()
    events_before = StatusEvent.objects.count()

    # The same file again: nothing to do.
    assert post_file(officer_en, xlsx(rows)).status_code == 302
    plan = officer_en.get(PREVIEW).context["plan"]
    assert (len(plan.creates), len(plan.updates), len(plan.unchanged)) == (0, 0, 3)
    response = officer_en.post(CONFIRM)
    assert flashed(response) == ["0 members added, 0 updated."]
    assert Member.objects.count() == 3
    assert Member.history.count() == history_before
    assert StatusEvent.objects.count() == events_before

    # One phone changed (and an empty cell, which keeps what is on record).
    rows[1] = {**rows[1], "Điện thoại": "0987654321", "Lý luận chính trị": None}
    post_file(officer_en, xlsx(rows))
    plan = officer_en.get(PREVIEW).context["plan"]
    assert len(plan.updates) == 1
    (update,) = plan.updates
    assert update.row == 3
    assert [(c.column, c.old, c.new) for c in update.changes] == [
        ("Điện thoại", "0905000002", "0987654321")
    ]
    html = officer_en.get(PREVIEW).content.decode()
    assert "0905000002" in html and "0987654321" in html
    response = officer_en.post(CONFIRM)
    assert flashed(response) == ["0 members added, 1 updated."]
    member = Member.objects.get(citizen_id="066190000002")
    assert member.phone == "0987654321"
    assert member.theory_level == "elementary"
    latest = member.history.first()
    assert latest.history_user == world["officer"]
    assert latest.prev_record.phone == "0905000002"
    assert Member.history.count() == history_before + 1


def test_a_hosted_member_arrives_by_transfer(world):
    row = member_row(
        1,
        **{
            "Trạng thái*": "Sinh hoạt tạm thời",
            "Ngày chính thức": None,
            "Chuyển đến từ": "Đảng bộ xã Yang Reh",
            "Ngày nộp giấy giới thiệu": "02/09/2024",
            "Ngày sinh hoạt tại chi bộ": "03/09/2024",
        },
    )
    result = members_import(
        committee=world["committee"], plan_or_file=as_upload(xlsx([row])), by=world["officer"]
    )
    assert result.created == 1
    member = Member.objects.get()
    assert member.status == Status.TEMPORARY
    (event,) = member.status_events.all()
    assert event.kind == "temporary_in" and event.date == datetime.date(2024, 9, 3)
    assert member.transfers.get().organisation == "Đảng bộ xã Yang Reh"


def test_cell_and_status_differences_of_a_member_on_record_are_warnings(officer_en, world):
    member = MemberFactory(
        committee=world["committee"], cell=world["cell1"], citizen_id="066190000001"
    )
    row = member_row(
        1, **{"Mã chi bộ*": "CB2", "Trạng thái*": "Dự bị", "Họ và tên*": member.full_name}
    )
    response = post_file(officer_en, xlsx([row]))
    assert response.status_code == 302
    plan = officer_en.get(PREVIEW).context["plan"]
    assert plan.errors == []
    assert {w.column for w in plan.warnings} == {"Mã chi bộ*", "Trạng thái*"}
    assert all(w.row == 2 for w in plan.warnings)
    officer_en.post(CONFIRM)
    member.refresh_from_db()
    assert member.status == Status.OFFICIAL
    assert member.current_membership().cell == world["cell1"]
    assert member.phone == "0905000001"  # the record fields were updated


# --- all or nothing -------------------------------------------------------------------------------


# The all-or-nothing tests use 150 rows (a late row refused undoes the rows before it); the
# 500-row size is timed below.
def test_a_bad_date_on_row_149_of_150_imports_nothing(officer_en, world):
    rows = [member_row(n) for n in range(1, 151)]
    rows[148] = {**rows[148], DOB: "31/13/1990"}  # data row 149 = Excel row 150 (header on row 1)
    response = post_file(officer_en, xlsx(rows))
    assert response.status_code == 200
    errors = response.context["errors"]
    assert [(e.row, e.column) for e in errors] == [(150, DOB)]
    assert "Ngày sinh" in errors[0].column
    assert "31/13/1990" in errors[0].message
    html = response.content.decode()
    assert '<td class="text-nowrap">150</td>' in html
    assert Member.objects.count() == 0
    assert stored_files() == []


def test_a_row_refused_by_the_service_rolls_back_every_other_row(world):
    """Row 149 passes the cell checks but the member service refuses it: nothing stays."""
    rows = [member_row(n) for n in range(1, 151)]
    # Recognised two months after admission: the probation (12 months) is a service rule.
    rows[148] = {**rows[148], "Ngày chính thức": "19/07/2015"}
    content = xlsx(rows)
    with pytest.raises(ImportRefused) as refused:
        members_import(
            committee=world["committee"], plan_or_file=as_upload(content), by=world["officer"]
        )
    assert [(p.row, p.column) for p in refused.value.problems] == [(150, "Ngày chính thức")]
    assert Member.objects.count() == 0
    assert CellMembership.objects.count() == 0
    assert StatusEvent.objects.count() == 0
    assert Member.history.count() == 0


def test_a_good_500_row_file_is_imported_and_timed(world, capsys):
    rows = [member_row(n) for n in range(1, 501)]
    content = xlsx(rows)
    started = time.perf_counter()
    plan = import_plan(committee=world["committee"], upload=as_upload(content), by=world["officer"])
    checked = time.perf_counter()
    assert plan.ok and len(plan.creates) == 500
    result = members_import(
        committee=world["committee"], plan_or_file=as_upload(content), by=world["officer"]
    )
    done = time.perf_counter()
    assert (result.created, result.updated) == (500, 0)
    assert Member.objects.count() == 500
    with capsys.disabled():
        print(
            f"\n500-row import ({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}): "
            f"check (dry run) {checked - started:.2f} s, import {done - checked:.2f} s"
        )


def test_members_import_accepts_a_plan_and_checks_it_again(world):
    content = xlsx([member_row(1)])
    plan = import_plan(committee=world["committee"], upload=as_upload(content), by=world["officer"])
    # Someone enrols the same person before the confirmation: the plan is matched again.
    MemberFactory(committee=world["committee"], cell=world["cell1"], citizen_id="066190000001")
    result = members_import(committee=world["committee"], plan_or_file=plan, by=world["officer"])
    assert (result.created, result.updated) == (0, 1)
    assert Member.objects.count() == 1


# --- the error report ----------------------------------------------------------------------------


def test_a_date_that_does_not_exist_is_reported_on_its_row_and_column(officer_en, world):
    rows = [member_row(1), member_row(2, **{DOB: "31/02/1990"})]
    response = post_file(officer_en, xlsx(rows))
    (error,) = response.context["errors"]
    assert (error.row, error.column) == (3, DOB)
    assert error.message == "“31/02/1990” is not a date that exists: check the day and the month."
    assert Member.objects.count() == 0


def test_duplicate_citizen_id_in_the_file_is_reported_on_both_rows(officer_en, world):
    rows = [member_row(1), member_row(2), member_row(3, **{CCCD: "066190000001"})]
    response = post_file(officer_en, xlsx(rows))
    errors = response.context["errors"]
    assert [(e.row, e.column) for e in errors] == [(2, CCCD), (4, CCCD)]
    assert "row 4" in errors[0].message and "row 2" in errors[1].message
    assert Member.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "column", "message"),
    [
        (
            {"Giới tính*": "Khác"},
            "Giới tính*",
            "“Khác” is not allowed here. Write one of: Nam, Nữ.",
        ),
        ({CCCD: "12345"}, CCCD, "A citizen ID has exactly 12 digits; “12345” does not."),
        ({"Họ và tên*": None}, "Họ và tên*", "Required."),
        ({"Mã chi bộ*": "CB7"}, "Mã chi bộ*", "This committee has no cell with the code “CB7”."),
        ({"Trạng thái*": None}, "Trạng thái*", "Required for a new member."),
        ({"Trạng thái*": "Miễn sinh hoạt"}, "Trạng thái*", None),
        ({"Email": "not-an-address"}, "Email", "“not-an-address” is not an e-mail address."),
        ({DOB: 32937}, DOB, None),
        ({"Ngày vào Đảng": "2015"}, "Ngày vào Đảng", None),
        (
            {"Ngày vào Đảng": "19/05/2035", "Ngày chính thức": None, "Trạng thái*": "Dự bị"},
            "Ngày vào Đảng",
            "The date cannot be in the future.",
        ),
        ({"Trình độ phổ thông": datetime.datetime(2025, 12, 12)}, "Trình độ phổ thông", None),
        ({"Họ và tên*": "x" * 151}, "Họ và tên*", "At most 150 characters (this one has 151)."),
        ({"Trạng thái*": "Sinh hoạt tạm thời", "Ngày chính thức": None}, "Chuyển đến từ", None),
    ],
)
def test_row_errors_name_the_row_and_the_column(officer_en, world, overrides, column, message):
    rows = [member_row(1), member_row(2, **overrides)]
    response = post_file(officer_en, xlsx(rows))
    assert response.status_code == 200
    errors = response.context["errors"]
    assert [(e.row, e.column) for e in errors] == [(3, column)]
    if message:
        assert errors[0].message == message
    assert Member.objects.count() == 0


def test_a_real_excel_date_and_a_numeric_citizen_id_are_read(world):
    row = member_row(1, **{DOB: datetime.datetime(1990, 3, 5), CCCD: 66190000001})
    plan = import_plan(
        committee=world["committee"], upload=as_upload(xlsx([row])), by=world["officer"]
    )
    assert plan.ok, plan.errors
    (create,) = plan.creates
    assert create.values["date_of_birth"] == datetime.date(1990, 3, 5)
    assert create.values["citizen_id"] == "066190000001"


def test_empty_rows_are_skipped_and_rows_keep_their_excel_numbers(officer_en, world):
    rows = [member_row(1), member_row(2, **{DOB: "30/02/1991"})]
    response = post_file(officer_en, xlsx(rows, blank_rows_after=(1,)))
    assert [(e.row, e.column) for e in response.context["errors"]] == [(4, DOB)]


def test_missing_column_is_one_file_level_error(officer_en, world):
    headers = [h for h in HEADERS if h != DOB]
    response = post_file(officer_en, xlsx([member_row(1)], headers=headers))
    assert response.status_code == 200
    assert file_errors(response) == [
        "Required columns are missing: “Ngày sinh*”. Use the template."
    ]
    assert response.context["errors"] == ()
    assert Member.objects.count() == 0


def test_unknown_column_is_a_file_level_error(officer_en, world):
    response = post_file(officer_en, xlsx([member_row(1)], headers=[*HEADERS, "Ghi chú"]))
    (error,) = file_errors(response)
    assert "“Ghi chú” (Z)" in error
    assert Member.objects.count() == 0


def test_headers_without_asterisks_or_diacritics_are_recognised(world):
    headers = [h.replace("*", "") for h in HEADERS]
    headers[0] = "ho va ten"
    row = member_row(1)
    content = xlsx(
        [dict(zip(headers, (row.get(h) for h in HEADERS), strict=True))], headers=headers
    )
    plan = import_plan(committee=world["committee"], upload=as_upload(content), by=world["officer"])
    assert plan.ok and len(plan.creates) == 1


def test_more_than_2000_rows_is_a_file_level_error(officer_en, world):
    headers = ["Họ và tên*", "Ngày sinh*", "Giới tính*", "Số CCCD*", "Mã chi bộ*", "Trạng thái*"]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for n in range(2001):
        sheet.append([f"Người {n}", "05/03/1990", "Nam", f"{n:012d}", "CB1", "Dự bị"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = post_file(officer_en, buffer.getvalue())
    assert file_errors(response) == [
        "The file has more than 2000 member rows. Split it into several files."
    ]


# --- bad files: a clear message, nothing saved, never a 500 ---------------------------------------


def _random_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "xin chào")
    return buffer.getvalue()


OLE = bytes.fromhex("D0CF11E0A1B11AE1")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Ho va ten,Ngay sinh\nNguyen Van A,05/03/1990\n", "This kind of file is not accepted"),
        (_random_zip(), "This kind of file is not accepted"),
        (OLE + b"\0" * (4096 - len(OLE)), "protected with a password"),
        (xlsx([member_row(1)])[:600], "damaged or incomplete"),
        (b"", "The submitted file is empty."),
    ],
    ids=["text-renamed", "random-zip", "password", "truncated", "empty"],
)
def test_bad_files_get_a_clear_message_and_nothing_is_saved(officer_en, world, content, message):
    response = post_file(officer_en, content)
    assert response.status_code == 200
    errors = file_errors(response)
    assert len(errors) == 1 and message in errors[0], errors
    assert Member.objects.count() == 0
    assert stored_files() == []
    assert SESSION_KEY not in officer_en.session


def test_a_file_over_the_committee_limit_is_refused(officer_en, world):
    CommitteeSettings.objects.create(committee=world["committee"], upload_max_mb=1)
    payload = xlsx([member_row(1)]) + b"\0" * (2 * 1024 * 1024)
    response = post_file(officer_en, payload)
    assert file_errors(response) == ["The file is larger than the limit of 1 MB."]
    assert Member.objects.count() == 0
    assert stored_files() == []


def test_the_default_limit_comes_from_the_committee_rules(world):
    """No stored settings: rules_for gives the DOMAIN default (20 MB); the size is all that counts."""
    upload = as_upload(xlsx([member_row(1)]))
    upload.size = 20 * 1024 * 1024 + 1
    with pytest.raises(ValidationError) as error:
        import_plan(committee=world["committee"], upload=upload, by=world["officer"])
    assert error.value.messages == ["The file is larger than the limit of 20 MB."]
    upload.size = 20 * 1024 * 1024
    assert import_plan(committee=world["committee"], upload=upload, by=world["officer"]).ok


# --- the stored file and the session -----------------------------------------------------------------


def test_confirm_without_an_upload_redirects_with_a_message(officer_en, world):
    response = officer_en.post(CONFIRM)
    assert response.status_code == 302
    assert response["Location"] == UPLOAD
    assert flashed(response) == [
        "The uploaded file is no longer available. Upload the Excel file again."
    ]
    assert officer_en.get(PREVIEW)["Location"] == UPLOAD
    assert Member.objects.count() == 0


def test_confirm_is_post_only(officer_en, world):
    assert officer_en.get(CONFIRM).status_code == 405


@pytest.mark.parametrize(
    "tamper", ["file_changed", "file_deleted", "other_name", "other_user", "sha"]
)
def test_confirm_with_a_tampered_session_saves_nothing(officer_en, world, tamper):
    post_file(officer_en, xlsx([member_row(1)]))
    session = officer_en.session
    state = session[SESSION_KEY]
    path = Path(settings.MEDIA_ROOT) / state["file"]
    if tamper == "file_changed":
        path.write_bytes(xlsx([member_row(1), member_row(2)]))
    elif tamper == "file_deleted":
        path.unlink()
    elif tamper == "other_name":
        state["file"] = "../../etc/passwd"
    elif tamper == "other_user":
        state["user"] = state["user"] + 1000
    else:
        state["sha256"] = "0" * 64
    session[SESSION_KEY] = state
    session.save()
    response = officer_en.post(CONFIRM)
    assert response.status_code == 302
    assert response["Location"] == UPLOAD
    assert len(flashed(response)) == 1
    assert Member.objects.count() == 0
    assert SESSION_KEY not in officer_en.session


def test_a_new_upload_replaces_the_waiting_file(officer_en, world):
    post_file(officer_en, xlsx([member_row(1)]))
    post_file(officer_en, xlsx([member_row(2)]))
    assert len(stored_files()) == 1
    officer_en.post(CONFIRM)
    assert list(Member.objects.values_list("citizen_id", flat=True)) == ["066190000002"]


def test_preview_shows_the_errors_when_the_registry_changed_after_the_upload(officer_en, world):
    assert post_file(officer_en, xlsx([member_row(1)])).status_code == 302
    cell = world["cell1"]
    cell.status, cell.dissolved_on = "dissolved", datetime.date(2025, 1, 1)
    cell.save()
    response = officer_en.get(PREVIEW)
    assert response.status_code == 200
    assert [(e.row, e.column) for e in response.context["errors"]] == [(2, "Mã chi bộ*")]
    assert response.context["errors"][0].message == "The cell CB1 is dissolved."
    assert f'action="{UPLOAD}"' in response.content.decode()  # a new upload goes to its page
    assert stored_files() == []
    assert officer_en.post(CONFIRM)["Location"] == UPLOAD
    assert Member.objects.count() == 0


def test_the_registry_changing_before_confirm_rolls_back_every_row(officer_en, world):
    rows = [member_row(1), member_row(2, **{"Số thẻ đảng viên": "78999999"})]
    assert post_file(officer_en, xlsx(rows)).status_code == 302
    assert officer_en.get(PREVIEW).context["plan"].ok
    # Meanwhile a member with row 3's card number is added by hand.
    MemberFactory(committee=world["committee"], cell=world["cell1"], card_number="78999999")
    response = officer_en.post(CONFIRM)
    assert response.status_code == 200
    assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "Số thẻ đảng viên")]
    assert flashed(response) == ["Nothing was imported: correct the rows below and try again."]
    assert Member.objects.count() == 1  # only the one added by hand: row 2 was rolled back
    assert stored_files() == []


# --- who may import -------------------------------------------------------------------------------


def test_a_clerk_may_import(en, world):
    clerk = CommitteeRoleFactory(committee=world["committee"], role="clerk").user
    en.force_login(clerk)
    assert en.get(UPLOAD).status_code == 200
    assert en.get(TEMPLATE).status_code == 200
    assert post_file(en, xlsx([member_row(1)])).status_code == 302
    assert en.post(CONFIRM).status_code == 302
    member = Member.objects.get()
    assert member.history.first().history_user == clerk


@pytest.mark.parametrize("who", ["cell_secretary", "member", "observer", "superuser"])
def test_others_get_403(client, world, who):
    committee = world["committee"]
    if who == "observer":
        user = CommitteeRoleFactory(committee=committee, role="observer").user
    elif who == "superuser":
        user = UserFactory(is_superuser=True, is_staff=True)
    else:
        member = MemberFactory(committee=committee, cell=world["cell1"])
        if who == "cell_secretary":
            PositionFactory(
                member=member,
                cell=world["cell1"],
                role="cell_secretary",
                term=TermFactory(committee=committee),
            )
        user = member_user(member)
    client.force_login(user)
    assert client.get(TEMPLATE).status_code == 403
    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"file": as_upload(xlsx([member_row(1)]))}).status_code == 403
    assert client.get(PREVIEW).status_code == 403
    assert client.post(CONFIRM).status_code == 403
    assert Member.objects.filter(citizen_id="066190000001").count() == 0


def test_anonymous_is_sent_to_log_in(client, world):
    for url in (TEMPLATE, UPLOAD, PREVIEW):
        assert client.get(url).status_code == 302
    assert client.post(CONFIRM).status_code == 302


def test_an_officer_of_another_committee_cannot_import_into_this_one(en, world):
    other = CommitteeFactory()
    CellFactory(committee=other, code="KH1")
    outsider = CommitteeRoleFactory(committee=other, role="officer").user
    en.force_login(outsider)
    response = post_file(en, xlsx([member_row(1), member_row(2, **{"Mã chi bộ*": "CB2"})]))
    assert response.status_code == 200
    errors = response.context["errors"]
    assert [(e.row, e.column) for e in errors] == [(2, "Mã chi bộ*"), (3, "Mã chi bộ*")]
    assert errors[0].message == "This committee has no cell with the code “CB1”."
    # The committee cannot be chosen either: the form offers only her own committee.
    response = post_file(en, xlsx([member_row(1)]), committee=world["committee"].pk)
    assert response.status_code == 200
    assert Member.objects.count() == 0


def test_a_user_of_several_committees_chooses_one(en, world):
    other = CommitteeFactory(name="Đảng bộ Khác")
    CellFactory(committee=other, code="CB1", name="Chi bộ Một")
    officer = world["officer"]
    CommitteeRoleFactory(committee=other, role="clerk", user=officer)
    en.force_login(officer)
    form = en.get(UPLOAD).context["form"]
    assert set(form.fields["committee"].queryset) == {world["committee"], other}
    response = post_file(en, xlsx([member_row(1)]))
    assert "committee" in response.context["form"].errors
    response = post_file(en, xlsx([member_row(1)]), committee=other.pk)
    assert response.status_code == 302
    en.post(CONFIRM)
    assert Member.objects.get().committee == other
