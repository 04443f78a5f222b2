"""The columns of the member import: headers, how each is read, examples and guidance.

The table `COLUMNS` drives everything else: the parser reads the headers it names, the plan
reports problems under them, the template writes them with their examples and guide lines. The
headers and the values (Nam/Nữ, Chính thức…) are Vietnamese, as the spreadsheet writes them.
"""

from dataclasses import dataclass

from cells.models import Cell
from members import services
from members.models import Member, Sex, Status, TheoryLevel

MAX_ROWS = 2000
SHEET_MEMBERS = "Đảng viên"
SHEET_GUIDE = "Hướng dẫn"
TEMPLATE_FILENAME = "mau-nhap-dang-vien.xlsx"
# The template's example row carries this citizen ID (no province has the code 000): it is skipped.
EXAMPLE_CITIZEN_ID = "000000000000"

# Values as the spreadsheet writes them → codes.
SEXES = {"Nam": Sex.MALE, "Nữ": Sex.FEMALE}
THEORY_LEVELS = {
    "Chưa qua đào tạo": TheoryLevel.NONE,
    "Sơ cấp": TheoryLevel.ELEMENTARY,
    "Trung cấp": TheoryLevel.INTERMEDIATE,
    "Cao cấp": TheoryLevel.ADVANCED,
    "Cử nhân": TheoryLevel.BACHELOR,
}
# Only the statuses a new member may arrive with (members.services.member_create).
STATUSES = {
    "Dự bị": Status.PROBATIONARY,
    "Chính thức": Status.OFFICIAL,
    "Sinh hoạt tạm thời": Status.TEMPORARY,
}
YES_NO = {"Có": True, "Không": False}

# How a column is read.
TEXT, DATE, CHOICE, BOOL, CITIZEN_ID, PHONE, EMAIL, CODE = (
    "text",
    "date",
    "choice",
    "bool",
    "citizen_id",
    "phone",
    "email",
    "code",
)
# Required in every row / only for a member not yet on record.
ALWAYS, NEW = "always", "new"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str = TEXT
    required: str = ""
    choices: dict | None = None
    example: object = ""
    guide: str = ""
    width: int = 18
    max_length: int | None = None


COLUMNS = [
    Column(
        "Họ và tên*",
        "full_name",
        required=ALWAYS,
        example="Nguyễn Thị Hoa",
        guide="Họ, chữ đệm và tên, viết có dấu.",
        width=26,
    ),
    Column(
        "Ngày sinh*",
        "date_of_birth",
        DATE,
        required=ALWAYS,
        example="05/03/1990",
        guide="Ngày/tháng/năm: dd/mm/yyyy, ví dụ 05/03/1990 (hoặc ô kiểu ngày của Excel).",
        width=13,
    ),
    Column(
        "Giới tính*",
        "sex",
        CHOICE,
        required=ALWAYS,
        choices=SEXES,
        example="Nữ",
        width=10,
    ),
    Column(
        "Dân tộc",
        "ethnicity",
        example="Kinh",
        guide="Để trống khi nhập mới: Kinh.",
        width=10,
    ),
    Column(
        "Tôn giáo",
        "religion",
        example="Không",
        guide="Để trống khi nhập mới: Không.",
        width=10,
    ),
    Column(
        "Quê quán",
        "home_town",
        example="Xã Yang Reh, tỉnh Đắk Lắk",
        width=26,
    ),
    Column(
        "Nơi thường trú",
        "permanent_address",
        example="Thôn 2, xã Krông Bông, tỉnh Đắk Lắk",
        width=30,
    ),
    Column(
        "Nơi ở hiện nay",
        "current_address",
        example="Thôn 2, xã Krông Bông, tỉnh Đắk Lắk",
        width=30,
    ),
    Column(
        "Số CCCD*",
        "citizen_id",
        CITIZEN_ID,
        required=ALWAYS,
        example=EXAMPLE_CITIZEN_ID,
        guide=(
            "Số căn cước công dân, đủ 12 chữ số (giữ số 0 ở đầu; cột đã định dạng kiểu văn bản). "
            "Dùng để nhận ra đảng viên đã có trong đảng bộ: nhập lại cùng tệp không tạo bản trùng. "
            "Không được trùng giữa hai dòng."
        ),
        width=15,
    ),
    Column(
        "Điện thoại",
        "phone",
        PHONE,
        example="0905123456",
        width=13,
    ),
    Column(
        "Email",
        "email",
        EMAIL,
        example="hoa.nt@example.vn",
        width=24,
    ),
    Column(
        "Trình độ phổ thông",
        "education",
        example="12/12",
        guide="Ví dụ 12/12 (ô kiểu văn bản, để Excel không đổi thành ngày).",
        width=12,
    ),
    Column(
        "Chuyên môn",
        "qualification",
        example="Cử nhân Sư phạm Toán",
        width=24,
    ),
    Column(
        "Lý luận chính trị",
        "theory_level",
        CHOICE,
        choices=THEORY_LEVELS,
        example="Sơ cấp",
        guide="Để trống khi nhập mới: Chưa qua đào tạo.",
        width=16,
    ),
    Column(
        "Công việc/chức vụ",
        "job_title",
        example="Giáo viên Toán",
        guide="Ví dụ: Giáo viên Toán; với học sinh, ghi lớp (12A1).",
        width=22,
    ),
    Column(
        "Học sinh",
        "is_student",
        BOOL,
        choices=YES_NO,
        example="Không",
        guide="Để trống khi nhập mới: Không.",
        width=9,
    ),
    Column(
        "Số thẻ đảng viên",
        "card_number",
        CODE,
        example="",
        guide="Không được trùng với đảng viên khác của đảng bộ.",
        width=15,
    ),
    Column(
        "Số lý lịch",
        "record_number",
        CODE,
        width=11,
    ),
    Column(
        "Ngày vào Đảng",
        "admitted_on",
        DATE,
        example="19/05/2015",
        guide="dd/mm/yyyy.",
        width=13,
    ),
    Column(
        "Ngày chính thức",
        "recognised_on",
        DATE,
        example="19/05/2016",
        guide="dd/mm/yyyy; bắt buộc với đảng viên chính thức, để trống với đảng viên dự bị.",
        width=13,
    ),
    Column(
        "Mã chi bộ*",
        "cell",
        CODE,
        required=NEW,
        example="CB1",
        guide=(
            "Mã chi bộ của đảng bộ (danh sách ở cuối trang này). Bắt buộc với đảng viên mới; "
            "với đảng viên đã có, chuyển chi bộ trên trang “Chuyển sang chi bộ khác”."
        ),
        width=11,
        max_length=Cell._meta.get_field("code").max_length,
    ),
    Column(
        "Trạng thái*",
        "status",
        CHOICE,
        required=NEW,
        choices=STATUSES,
        example="Chính thức",
        guide=(
            "Bắt buộc với đảng viên mới. Với đảng viên đã có, trạng thái thay đổi trên trang "
            "“Biến động đảng viên”. Sinh hoạt tạm thời: điền cả “Chuyển đến từ” và "
            "“Ngày nộp giấy giới thiệu”."
        ),
        width=17,
    ),
    Column(
        "Ngày sinh hoạt tại chi bộ",
        "joined_on",
        DATE,
        example="19/05/2015",
        guide="dd/mm/yyyy. Để trống: ngày vào Đảng.",
        width=14,
    ),
    Column(
        "Chuyển đến từ",
        "arrived_from",
        example="",
        guide=(
            "Chỉ điền với đảng viên chuyển sinh hoạt đến từ tổ chức đảng khác "
            "(bắt buộc với đảng viên sinh hoạt tạm thời)."
        ),
        width=24,
        max_length=200,
    ),
    Column(
        "Ngày nộp giấy giới thiệu",
        "letter_presented_on",
        DATE,
        guide="dd/mm/yyyy; bắt buộc khi có “Chuyển đến từ”.",
        width=14,
    ),
]
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}
LENGTH_CHECKED = (TEXT, CODE, PHONE, EMAIL)


def max_length(column: Column) -> int | None:
    """The longest text the column takes: its own limit, else the member field's."""
    if column.kind not in LENGTH_CHECKED:
        return None
    if column.max_length:
        return column.max_length
    return Member._meta.get_field(column.field).max_length


# Fields of the member record (member_update changes only these).
RECORD_FIELDS = [c.field for c in COLUMNS if c.field in services.MEMBER_FIELDS]
TEXT_FORMAT_KINDS = {TEXT, CITIZEN_ID, PHONE, EMAIL, CODE, DATE}
