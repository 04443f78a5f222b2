"""The demo's library (DOMAIN §1; issue 19): a handful of documents of each kind for the demo
committee, each with a small DOCX built here in memory (official layout, `core.documents`):

- the committee's working rules of the current term ("Quy chế làm việc của Đảng ủy … nhiệm kỳ
  2025–2030"), superseding those of the previous term (kept, marked superseded);
- this year's work plan of the committee;
- two documents of superior bodies that the study campaigns of the demo use by number
  (`demo.study`): "35-NQ/TU", a resolution of the provincial committee issued early this year,
  and "12-CT/HU", a directive of the district committee issued last month — attached to an agenda
  item of the next meeting of cell 1 (the one `demo.meetings.publish_next_month` prepares);
- a study material, and an officers-only guidance on internal political protection;
- one committee resolution: the latest numbered resolution of the demo meetings, linked (never
  retyped), with the DOCX the resolution page also gives.

Everything goes through `library.documents.services`; a document already there (same committee,
number — or title when it has none) is skipped, so a second run writes nothing. Run after the
meetings and their resolutions exist (`seed_demo`).
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from core.dates import add_months
from core.documents import Header, OfficialDocument, Signature, executive_name, superior_name
from library.documents import services
from library.models import LibraryDocument, MeetingLink
from meetings.decisions.resolutions import resolution_docx
from meetings.models import AgendaItem, Body, Meeting, Resolution, Status

Kind = LibraryDocument.Kind
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PROVINCE = ("ĐẢNG BỘ TỈNH ĐẮK LẮK", "TỈNH ỦY", "Buôn Ma Thuột")
DISTRICT = ("ĐẢNG BỘ TỈNH ĐẮK LẮK", "HUYỆN ỦY KRÔNG BÔNG", "Krông Bông")
ORGANISATION_BOARD = ("TỈNH ỦY ĐẮK LẮK", "BAN TỔ CHỨC", "Buôn Ma Thuột")
PROPAGANDA_BOARD = ("TỈNH ỦY ĐẮK LẮK", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "Buôn Ma Thuột")


@dataclass
class Spec:
    """One demo document: what the form would say, and the text of its file."""

    key: str
    kind: str
    title: str
    issuer: str
    issued_on: datetime.date
    number: str = ""
    summary: str = ""
    audience: str = LibraryDocument.Audience.MEMBERS
    effective_on: datetime.date | None = None
    # (superior body, issuer, place) of the header, the document type's title, its paragraphs.
    header: tuple = ()
    doc_title: str = ""
    body: list = field(default_factory=list)
    signature: tuple = ("T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn Thành")


def _before(today: datetime.date, day: datetime.date) -> datetime.date:
    """`day`, unless it is still to come: then today (the demo may run on 2 January)."""
    return min(day, today)


def _term_name(committee, today: datetime.date) -> tuple[str, str, datetime.date]:
    """(the current term, the previous one, the current one's first day) — from the committee's
    terms, "2025–2030" and "2020–2025" in the demo."""
    terms = list(committee.terms.order_by("-start_date"))
    current = next((t for t in terms if t.start_date <= today <= t.end_date), None)
    if current is None:
        return "2025–2030", "2020–2025", datetime.date(2025, 7, 1)
    previous = next((t for t in terms if t.end_date < current.start_date), None)
    return current.name, previous.name if previous else "2020–2025", current.start_date


def _specs(committee, today: datetime.date) -> list[Spec]:
    year = today.year
    executive = executive_name(committee.name)
    school = committee.name.removeprefix("Đảng bộ ").strip()
    term, previous_term, term_start = _term_name(committee, today)
    place = committee.place_name or "Krông Bông"
    own = (superior_name(committee, today, of_cell=False), executive, place)
    last_month = add_months(today.replace(day=1), -1)
    return [
        Spec(
            key="rules-old",
            kind=Kind.RULES,
            title=f"Quy chế làm việc của Đảng ủy {school} nhiệm kỳ {previous_term}",
            number="01-QC/ĐU",
            issuer=executive,
            issued_on=datetime.date(2020, 8, 10),
            summary="Quy định nguyên tắc, chế độ làm việc, quan hệ công tác của Ban Chấp hành, "
            "Ban Thường vụ Đảng ủy và các chi bộ trực thuộc trong nhiệm kỳ.",
            header=(
                superior_name(committee, datetime.date(2020, 8, 10), of_cell=False),
                executive,
                place,
            ),
            doc_title="QUY CHẾ LÀM VIỆC",
            body=[
                "Chương I. Những quy định chung.",
                "Điều 1. Phạm vi điều chỉnh: quy chế này quy định nguyên tắc, chế độ làm việc của "
                "Đảng ủy nhiệm kỳ.",
                "Điều 2. Đảng ủy làm việc theo nguyên tắc tập trung dân chủ, tập thể lãnh đạo, cá "
                "nhân phụ trách.",
            ],
            signature=("T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Công Lam"),
        ),
        Spec(
            key="rules",
            kind=Kind.RULES,
            title=f"Quy chế làm việc của Đảng ủy {school} nhiệm kỳ {term}",
            number="01-QC/ĐU",
            issuer=executive,
            issued_on=_before(today, term_start + datetime.timedelta(days=40)),
            summary="Quy định trách nhiệm, quyền hạn của Ban Chấp hành Đảng bộ, của Bí thư, Phó "
            "Bí thư; chế độ sinh hoạt, thông tin, báo cáo; quan hệ công tác với chi bộ trực "
            "thuộc, Ban Giám hiệu và các đoàn thể trong nhà trường.",
            header=own,
            doc_title="QUY CHẾ LÀM VIỆC",
            body=[
                "Chương I. Những quy định chung.",
                "Điều 1. Đảng ủy làm việc theo nguyên tắc tập trung dân chủ, tập thể lãnh đạo, cá "
                "nhân phụ trách; quyết định theo đa số.",
                "Điều 2. Ban Chấp hành Đảng bộ họp thường lệ mỗi tháng một lần; họp bất thường "
                "khi cần.",
                "Chương II. Trách nhiệm và quyền hạn.",
                "Điều 3. Bí thư Đảng ủy chịu trách nhiệm trước Ban Chấp hành và cấp ủy cấp trên "
                "về toàn bộ hoạt động của Đảng ủy.",
            ],
            signature=("T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Công Lam"),
        ),
        Spec(
            key="plan",
            kind=Kind.PLAN,
            title=f"Kế hoạch công tác năm {year} của Đảng bộ {school}",
            number="02-KH/ĐU",
            issuer=executive,
            issued_on=_before(today, datetime.date(year, 1, 8)),
            summary="Các chỉ tiêu, nhiệm vụ trọng tâm về xây dựng Đảng, lãnh đạo thực hiện nhiệm "
            "vụ năm học, kiểm tra, giám sát và phát triển đảng viên trong năm.",
            header=own,
            doc_title="KẾ HOẠCH",
            body=[
                f"Thực hiện chương trình công tác toàn khóa, Đảng ủy xây dựng kế hoạch công tác "
                f"năm {year} như sau.",
                "I. Mục đích, yêu cầu: nâng cao năng lực lãnh đạo và sức chiến đấu của tổ chức "
                "đảng; 100% chi bộ sinh hoạt đúng định kỳ.",
                "II. Chỉ tiêu: kết nạp ít nhất 02 đảng viên mới; không có chi bộ yếu kém.",
                "III. Nhiệm vụ và giải pháp: tăng cường giáo dục chính trị tư tưởng; đổi mới nội "
                "dung sinh hoạt chi bộ; thực hiện tốt chương trình kiểm tra, giám sát.",
            ],
            signature=("T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Công Lam"),
        ),
        Spec(
            key="35-NQ/TU",
            kind=Kind.SUPERIOR,
            title="Nghị quyết về nâng cao chất lượng giáo dục và đào tạo trên địa bàn tỉnh đến "
            "năm 2030",
            number="35-NQ/TU",
            issuer="Tỉnh ủy Đắk Lắk",
            issued_on=_before(today, datetime.date(year, 1, 20)),
            effective_on=_before(today, datetime.date(year, 1, 20)),
            summary="Mục tiêu, nhiệm vụ và giải pháp đổi mới căn bản, toàn diện giáo dục và đào "
            "tạo; phát triển đội ngũ nhà giáo; xây dựng trường chuẩn quốc gia.",
            header=PROVINCE,
            doc_title="NGHỊ QUYẾT",
            body=[
                "I. Tình hình: chất lượng giáo dục toàn diện có bước chuyển biến; cơ sở vật chất "
                "trường học còn thiếu ở vùng khó khăn.",
                "II. Mục tiêu đến năm 2030: 70% trường trung học phổ thông đạt chuẩn quốc gia.",
                "III. Nhiệm vụ, giải pháp: đổi mới phương pháp dạy học; bồi dưỡng đội ngũ; tăng "
                "cường sự lãnh đạo của cấp ủy đối với nhà trường.",
            ],
        ),
        Spec(
            key="12-CT/HU",
            kind=Kind.SUPERIOR,
            title="Chỉ thị về tăng cường sự lãnh đạo của các cấp ủy đảng đối với công tác "
            "phòng, chống tham nhũng, tiêu cực",
            number="12-CT/HU",
            issuer="Huyện ủy Krông Bông",
            issued_on=last_month.replace(day=15),
            effective_on=last_month.replace(day=15),
            summary="Yêu cầu các tổ chức đảng quán triệt, tổ chức học tập và xây dựng kế hoạch "
            "thực hiện; mỗi đảng viên viết bài thu hoạch.",
            header=DISTRICT,
            doc_title="CHỈ THỊ",
            body=[
                "Thời gian qua, công tác phòng, chống tham nhũng, tiêu cực đạt nhiều kết quả; tuy "
                "nhiên ở một số nơi còn hình thức.",
                "Ban Thường vụ Huyện ủy yêu cầu các cấp ủy, tổ chức đảng tổ chức quán triệt sâu "
                "rộng chỉ thị này đến từng đảng viên.",
            ],
        ),
        Spec(
            key="study",
            kind=Kind.STUDY,
            title=f"Tài liệu học tập chuyên đề năm {year}: Học tập và làm theo tư tưởng, đạo "
            "đức, phong cách Hồ Chí Minh",
            issuer="Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk",
            issued_on=_before(today, datetime.date(year, 2, 10)),
            summary="Tài liệu dùng cho sinh hoạt chuyên đề của các chi bộ trong năm.",
            header=PROPAGANDA_BOARD,
            doc_title="TÀI LIỆU HỌC TẬP",
            body=[
                "Phần I. Nội dung cơ bản của chuyên đề.",
                "Phần II. Liên hệ thực tiễn tại cơ quan, đơn vị; việc làm cụ thể của mỗi đảng "
                "viên.",
            ],
            signature=("T/M BAN TUYÊN GIÁO VÀ DÂN VẬN", "TRƯỞNG BAN", "Lê Thị Hòa"),
        ),
        Spec(
            key="officers",
            kind=Kind.OTHER,
            title=f"Hướng dẫn công tác bảo vệ chính trị nội bộ năm {year}",
            number="08-HD/BTCTU",
            issuer="Ban Tổ chức Tỉnh ủy Đắk Lắk",
            issued_on=_before(today, datetime.date(year, 3, 2)),
            summary="Thẩm tra, xác minh lý lịch; quản lý hồ sơ đảng viên; giải quyết vấn đề "
            "chính trị hiện nay. Lưu hành nội bộ cấp ủy.",
            audience=LibraryDocument.Audience.OFFICERS,
            header=ORGANISATION_BOARD,
            doc_title="HƯỚNG DẪN",
            body=[
                "1. Thẩm tra lý lịch người được đề nghị kết nạp vào Đảng theo đúng quy định.",
                "2. Quản lý chặt chẽ hồ sơ đảng viên, thông tin về vấn đề chính trị hiện nay.",
            ],
            signature=("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Phạm Văn Tâm"),
        ),
    ]


def _docx(spec: Spec) -> bytes:
    """A small official DOCX standing in for the real document (DOMAIN §13)."""
    superior, issuer, place = spec.header
    number = f"Số {spec.number}" if spec.number else None
    doc = OfficialDocument(Header(superior, issuer, place, spec.issued_on, number=number))
    doc.title(spec.doc_title, spec.title)
    for line in spec.body:
        doc.paragraph(line)
    doc.recipients_and_signature(["Như trên,", "Lưu Văn phòng."], Signature(*spec.signature))
    return doc.to_bytes()


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=DOCX)


def _file_name(spec: Spec) -> str:
    base = spec.number.replace("/", "-") if spec.number else spec.key
    return f"{base}.docx"


def _existing(committee, spec: Spec) -> LibraryDocument | None:
    found = LibraryDocument.objects.filter(committee=committee, kind=spec.kind)
    if spec.number:
        found = found.filter(number=spec.number, issued_on__year=spec.issued_on.year)
    else:
        found = found.filter(title=spec.title)
    return found.first()


def _resolution(committee) -> Resolution | None:
    """The latest resolution of the demo meetings whose minutes are approved — unless a committee
    resolution is already in the library (a second run adds none)."""
    if LibraryDocument.objects.filter(committee=committee, kind=Kind.RESOLUTION).exists():
        return None
    return (
        Resolution.objects.filter(committee=committee, meeting__status=Status.APPROVED)
        .order_by("-adopted_on", "-pk")
        .first()
    )


def _next_meeting_item(committee, cells, today) -> AgendaItem | None:
    """An item of the next meeting of cell 1 still being prepared: the political section's first
    (where a directive is passed on), else its first item."""
    cell = cells.get("CB1") or next(iter(cells.values()), None)
    meeting = (
        Meeting.objects.filter(
            committee=committee,
            body=Body.CELL,
            cell=cell,
            status__in=[Status.DRAFT, Status.PUBLISHED],
            date__gte=today,
        )
        .order_by("date", "pk")
        .first()
    )
    if meeting is None:
        return None
    items = meeting.agenda_items.order_by("position", "pk")
    return items.filter(section=AgendaItem.Section.POLITICAL).first() or items.first()


def seed_library(committee, cells: dict, members: dict, *, by, today: datetime.date) -> str:
    """The demo committee's library, entered by the committee's demo officer (`committee`); a
    line for the summary."""
    by = get_user_model().objects.filter(username="committee").first() or by
    added = 0
    documents = {}
    for spec in _specs(committee, today):
        document = _existing(committee, spec)
        if document is None:
            document = services.document_create(
                committee=committee,
                by=by,
                kind=spec.kind,
                title=spec.title,
                number=spec.number,
                issuer=spec.issuer,
                issued_on=spec.issued_on,
                effective_on=spec.effective_on,
                summary=spec.summary,
                audience=spec.audience,
                upload=_upload(_file_name(spec), _docx(spec)),
            )
            added += 1
        documents[spec.key] = document
    old, new = documents["rules-old"], documents["rules"]
    if old.superseded_by_id is None:
        services.document_supersede(document=old, newer=new, by=by)

    resolution = _resolution(committee)
    if resolution is not None:
        services.document_create(
            committee=committee,
            by=by,
            kind=Kind.RESOLUTION,
            resolution=resolution,
            summary="Nghị quyết của chi bộ về nhiệm vụ trọng tâm của tháng, thông qua tại buổi "
            "sinh hoạt chi bộ thường kỳ.",
            upload=_upload(
                f"{resolution.code.replace('/', '-')}.docx", resolution_docx(resolution)
            ),
        )
        added += 1

    directive = documents["12-CT/HU"]
    item = _next_meeting_item(committee, cells, today)
    linked = MeetingLink.objects.active().filter(document=directive, agenda_item__isnull=False)
    if item is not None and not linked.exists():
        services.meeting_link_add(document=directive, meeting=item.meeting, agenda_item=item, by=by)

    total = LibraryDocument.objects.filter(committee=committee).count()
    links = MeetingLink.objects.active().filter(document__committee=committee).count()
    return f"Library: {total} documents ({added} added this run), {links} attached to meetings."
