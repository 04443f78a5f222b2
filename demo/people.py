"""The demo members of seed_demo (DOMAIN §2): 48 fictional people in four cells, and their history.

Every name, number and address here is invented. A member's citizen ID is her identity for the
seed (running it again skips whoever already exists), so never change one once published.
"""

import datetime
from typing import NamedTuple

from core.text import search_key

D = datetime.date.fromisoformat

# Political theory levels (members.models.TheoryLevel).
NONE, ELEMENTARY, INTERMEDIATE, ADVANCED = "none", "elementary", "intermediate", "advanced"
F, M = "female", "male"

# Members who came before the cells existed joined them when they were founded.
CELLS_FOUNDED = D("2015-09-01")


class Person(NamedTuple):
    name: str
    sex: str
    born: datetime.date
    job: str
    qualification: str
    theory: str
    admitted: datetime.date
    recognised: datetime.date | None  # None: still probationary
    citizen_id: str
    home_town: str
    ethnicity: str = "Kinh"
    joined: datetime.date | None = None  # default: admission, or CELLS_FOUNDED if earlier
    email: str = ""  # default: given name + initials
    student: bool = False


# People by the cell they were enrolled in (Đỗ Văn Thắng moves from CB3 to CB4 in 2025: see MOVES;
# after the move every cell has 12).
# fmt: off
PEOPLE = {
    "CB1": [
        Person("Nguyễn Công Lam", M, D("1972-04-18"), "Hiệu trưởng, giáo viên Toán",
               "Thạc sĩ Quản lý giáo dục", ADVANCED, D("1998-05-19"), D("1999-05-24"),
               "066072174248", "Quảng Nam"),
        Person("Trần Thị Hồng Nhung", F, D("1984-09-02"), "Giáo viên Toán, tổ trưởng chuyên môn",
               "Thạc sĩ Toán học", INTERMEDIATE, D("2009-03-26"), D("2010-03-29"),
               "066184427141", "Nghệ An"),
        Person("Lê Văn Minh", M, D("1990-06-11"), "Giáo viên Tin học",
               "Cử nhân Sư phạm Tin học", ELEMENTARY, D("2016-11-07"), D("2017-11-10"),
               "066090555698", "Quảng Ngãi"),
        Person("Phạm Văn Tuấn", M, D("1969-12-05"), "Giáo viên Toán",
               "Cử nhân Sư phạm Toán", INTERMEDIATE, D("1994-02-03"), D("1995-02-10"),
               "066069358211", "Thái Bình"),
        Person("Hoàng Thị Thu Hà", F, D("1987-03-14"), "Giáo viên Toán, tổ phó chuyên môn",
               "Cử nhân Sư phạm Toán", ELEMENTARY, D("2012-06-20"), D("2013-06-25"),
               "066187925180", "Hà Tĩnh"),
        Person("Võ Minh Khang", M, D("1992-10-21"), "Giáo viên Tin học",
               "Kỹ sư Công nghệ thông tin", ELEMENTARY, D("2018-12-22"), D("2019-12-27"),
               "066092567335", "Bình Định"),
        Person("Đặng Thị Kim Oanh", F, D("1979-07-30"), "Giáo viên Toán",
               "Cử nhân Sư phạm Toán", INTERMEDIATE, D("2005-11-15"), D("2006-11-20"),
               "066179408324", "Phú Yên"),
        Person("Bùi Quang Vinh", M, D("1995-01-09"), "Giáo viên Toán",
               "Cử nhân Sư phạm Toán", ELEMENTARY, D("2021-05-19"), D("2022-05-20"),
               "066095368527", "Đắk Lắk"),
        Person("Ngô Thị Thanh Thủy", F, D("1983-05-25"), "Giáo viên Toán",
               "Thạc sĩ Lý luận và phương pháp dạy học Toán", ELEMENTARY, D("2010-12-10"),
               D("2011-12-15"), "066183921347", "Thanh Hóa"),
        Person("Huỳnh Đức Thịnh", M, D("1998-08-16"), "Giáo viên Tin học",
               "Cử nhân Sư phạm Tin học", NONE, D("2023-03-24"), D("2024-03-28"),
               "066098687658", "Đắk Lắk"),
        Person("Dương Thị Mỹ Linh", F, D("1989-11-03"), "Giáo viên Toán",
               "Cử nhân Sư phạm Toán", ELEMENTARY, D("2014-08-19"), D("2015-08-20"),
               "066189199813", "Quảng Nam"),
        # The one student member: admitted the spring after her 18th birthday, still probationary.
        Person("Phan Ngọc Bảo Trâm", F, D("2008-03-02"), "Học sinh lớp 12A1", "", NONE,
               D("2026-05-19"), None, "066308880438", "Đắk Lắk", student=True),
    ],
    "CB2": [
        Person("Lê Thị Thanh Hương", F, D("1976-02-12"), "Giáo viên Ngữ văn",
               "Thạc sĩ Văn học Việt Nam", INTERMEDIATE, D("2001-10-15"), D("2002-10-18"),
               "066176984411", "Quảng Trị"),
        Person("Nguyễn Thị Mai Anh", F, D("1982-08-08"), "Giáo viên Tiếng Anh",
               "Cử nhân Sư phạm Tiếng Anh", ELEMENTARY, D("2008-05-19"), D("2009-05-22"),
               "066182618959", "Hà Tĩnh"),
        Person("Trần Văn Đức", M, D("1985-04-27"), "Giáo viên Ngữ văn, tổ trưởng chuyên môn",
               "Cử nhân Sư phạm Ngữ văn", INTERMEDIATE, D("2011-03-03"), D("2012-03-05"),
               "066085293179", "Nam Định"),
        Person("Phạm Thị Lan", F, D("1970-10-10"), "Giáo viên Ngữ văn",
               "Cử nhân Sư phạm Ngữ văn", INTERMEDIATE, D("1996-12-20"), D("1997-12-22"),
               "066170591297", "Thừa Thiên Huế"),
        Person("H'Nga Byă", F, D("1991-05-06"), "Giáo viên Tiếng Anh",
               "Cử nhân Sư phạm Tiếng Anh", ELEMENTARY, D("2017-06-30"), D("2018-07-02"),
               "066191647959", "Đắk Lắk", ethnicity="Ê Đê", email="ngabya@example.vn"),
        Person("Vũ Thị Ngọc Trinh", F, D("1988-12-19"), "Giáo viên Tiếng Anh",
               "Cử nhân Sư phạm Tiếng Anh", ELEMENTARY, D("2013-11-06"), D("2014-11-07"),
               "066188234172", "Hải Dương"),
        Person("Hồ Văn Sơn", M, D("1980-03-01"), "Giáo viên Ngữ văn",
               "Cử nhân Sư phạm Ngữ văn", INTERMEDIATE, D("2006-04-28"), D("2007-05-03"),
               "066080922369", "Nghệ An"),
        Person("Đỗ Thị Thu Trang", F, D("1993-09-15"), "Giáo viên Ngữ văn",
               "Cử nhân Sư phạm Ngữ văn", ELEMENTARY, D("2019-01-18"), D("2020-01-20"),
               "066193850836", "Quảng Ngãi"),
        Person("Lý Thị Bích Ngọc", F, D("1996-02-22"), "Giáo viên Tiếng Anh",
               "Cử nhân Ngôn ngữ Anh", NONE, D("2022-11-18"), D("2023-11-20"),
               "066196172875", "Khánh Hòa"),
        # Her probation ends in December 2026: the probation watch lists her.
        Person("Nguyễn Thị Hoài Thương", F, D("2001-07-14"), "Giáo viên Ngữ văn",
               "Cử nhân Sư phạm Ngữ văn", NONE, D("2025-12-19"), None,
               "066301849163", "Đắk Lắk"),
        Person("Trần Quốc Bảo", M, D("1986-06-30"), "Giáo viên Tiếng Anh",
               "Thạc sĩ Lý luận và phương pháp dạy học Tiếng Anh", ELEMENTARY, D("2012-09-28"),
               D("2013-10-01"), "066086481038", "Bình Định"),
        Person("Phan Thị Diệu Hiền", F, D("1978-01-25"), "Giáo viên Ngữ văn",
               "Cử nhân Sư phạm Ngữ văn", INTERMEDIATE, D("2003-06-12"), D("2004-06-15"),
               "066178863532", "Quảng Nam"),
    ],
    "CB3": [
        Person("Nguyễn Đình Phúc", M, D("1975-09-09"), "Phó Hiệu trưởng, giáo viên Vật lý",
               "Thạc sĩ Vật lý", INTERMEDIATE, D("2000-03-03"), D("2001-03-05"),
               "066075275347", "Hà Tĩnh"),
        Person("Võ Thị Phương Thảo", F, D("1981-04-04"), "Giáo viên Hóa học, tổ trưởng chuyên môn",
               "Thạc sĩ Hóa học", INTERMEDIATE, D("2007-08-30"), D("2008-09-03"),
               "066181527191", "Quảng Ngãi"),
        Person("Đặng Văn Hải", M, D("1971-07-07"), "Giáo viên Sinh học",
               "Cử nhân Sư phạm Sinh học", INTERMEDIATE, D("1997-01-08"), D("1998-01-12"),
               "066071863551", "Thanh Hóa"),
        # Away on a temporary transfer (master's studies): see AWAY.
        Person("Huỳnh Thị Ngọc Diệp", F, D("1986-10-02"), "Giáo viên Sinh học",
               "Cử nhân Sư phạm Sinh học", ELEMENTARY, D("2012-03-26"), D("2013-03-28"),
               "066186839124", "Phú Yên"),
        Person("Lê Minh Trí", M, D("1990-01-17"), "Giáo viên Vật lý",
               "Cử nhân Sư phạm Vật lý", ELEMENTARY, D("2015-05-15"), D("2016-05-16"),
               "066090580190", "Đắk Lắk"),
        Person("Phạm Thị Hồng Vân", F, D("1984-06-06"), "Giáo viên Hóa học",
               "Cử nhân Sư phạm Hóa học", ELEMENTARY, D("2010-05-18"), D("2011-05-20"),
               "066184769746", "Quảng Bình"),
        Person("Bùi Văn Long", M, D("1979-11-11"), "Giáo viên Công nghệ",
               "Kỹ sư Nông học", ELEMENTARY, D("2004-12-21"), D("2005-12-22"),
               "066079629441", "Thái Bình"),
        Person("Ngô Thanh Tùng", M, D("1994-03-30"), "Giáo viên Vật lý",
               "Cử nhân Sư phạm Vật lý", NONE, D("2020-09-25"), D("2021-09-27"),
               "066094132502", "Gia Lai"),
        Person("Dương Thị Kiều Oanh", F, D("1997-12-12"), "Giáo viên Hóa học",
               "Cử nhân Sư phạm Hóa học", NONE, D("2022-05-19"), D("2023-05-22"),
               "066197654015", "Đắk Lắk", email="oanhdtk.97@example.vn"),
        Person("Trần Thị Mỹ Duyên", F, D("2002-04-20"), "Giáo viên Sinh học",
               "Cử nhân Sư phạm Sinh học", NONE, D("2026-03-03"), None,
               "066302217754", "Đắk Lắk"),
        Person("Hoàng Văn Nam", M, D("1987-08-25"), "Giáo viên Vật lý",
               "Cử nhân Sư phạm Vật lý", ELEMENTARY, D("2013-05-16"), D("2014-05-19"),
               "066087983835", "Nghệ An"),
        Person("Vũ Thị Hạnh", F, D("1983-02-14"), "Giáo viên Hóa học",
               "Cử nhân Sư phạm Hóa học", INTERMEDIATE, D("2009-10-12"), D("2010-10-14"),
               "066183502720", "Hưng Yên"),
        # Moves to CB4 when the subject groups are reorganised in 2025: see MOVES.
        Person("Đỗ Văn Thắng", M, D("1985-05-05"), "Giáo viên Giáo dục thể chất",
               "Cử nhân Sư phạm Giáo dục thể chất", ELEMENTARY, D("2010-03-26"), D("2011-03-28"),
               "066085242279", "Quảng Trị"),
    ],
    "CB4": [
        Person("Hoàng Văn Dũng", M, D("1973-03-22"), "Giáo viên Lịch sử, Chủ tịch Công đoàn",
               "Cử nhân Sư phạm Lịch sử", INTERMEDIATE, D("1999-06-10"), D("2000-06-12"),
               "066073488380", "Quảng Bình"),
        Person("Nguyễn Thị Thanh Tâm", F, D("1982-11-30"), "Giáo viên Địa lý, tổ trưởng chuyên môn",
               "Thạc sĩ Địa lý học", INTERMEDIATE, D("2008-12-03"), D("2009-12-07"),
               "066182125004", "Thanh Hóa"),
        Person("Y Blin Êban", M, D("1980-07-19"),
               "Giáo viên Giáo dục kinh tế và pháp luật", "Cử nhân Sư phạm Giáo dục chính trị",
               ELEMENTARY, D("2006-09-08"), D("2007-09-10"), "066080109933", "Đắk Lắk",
               ethnicity="Ê Đê", email="blineban@example.vn"),
        Person("Trần Thị Kim Liên", F, D("1977-05-03"), "Kế toán",
               "Cử nhân Kế toán", ELEMENTARY, D("2003-04-17"), D("2004-04-20"),
               "066177844467", "Quảng Nam"),
        Person("Lê Thị Thu Sương", F, D("1990-08-12"), "Văn thư",
               "Cao đẳng Văn thư lưu trữ", ELEMENTARY, D("2016-03-08"), D("2017-03-10"),
               "066190316184", "Đắk Lắk"),
        Person("Phạm Minh Hoàng", M, D("1985-10-14"), "Giáo viên Lịch sử",
               "Cử nhân Sư phạm Lịch sử", ELEMENTARY, D("2011-11-07"), D("2012-11-09"),
               "066085831119", "Hà Nam"),
        Person("Võ Thị Ngọc Hân", F, D("1995-06-18"), "Nhân viên thư viện",
               "Cử nhân Thông tin - Thư viện", NONE, D("2021-12-22"), D("2022-12-26"),
               "066195590757", "Bình Định"),
        Person("Huỳnh Văn Phong", M, D("1993-02-08"), "Giáo viên Giáo dục quốc phòng và an ninh",
               "Cử nhân Giáo dục quốc phòng - an ninh", NONE, D("2026-08-19"), None,
               "066093745058", "Phú Yên"),
        Person("Bùi Thị Thanh Xuân", F, D("1988-04-01"), "Nhân viên thiết bị - thí nghiệm",
               "Cao đẳng Sư phạm Hóa - Sinh", ELEMENTARY, D("2014-10-14"), D("2015-10-16"),
               "066188315466", "Quảng Ngãi"),
        Person("Đặng Thị Tuyết Mai", F, D("1992-12-05"), "Nhân viên y tế trường học",
               "Cao đẳng Điều dưỡng", NONE, D("2019-05-17"), D("2020-05-18"),
               "066192801138", "Đắk Lắk"),
        # Hosted for the school year (sinh hoạt tạm thời): see HOSTED.
        Person("Nguyễn Văn Quang", M, D("1983-09-27"), "Giáo viên Địa lý (biệt phái 2026–2027)",
               "Cử nhân Sư phạm Địa lý", ELEMENTARY, D("2008-06-10"), D("2009-06-12"),
               "066083433908", "Nghệ An", joined=D("2026-09-03")),
    ],
}
# fmt: on

# Current-residence addresses, handed out in turn.
ADDRESSES = [
    "Tổ dân phố 1, xã Krông Bông, tỉnh Đắk Lắk",
    "Tổ dân phố 3, xã Krông Bông, tỉnh Đắk Lắk",
    "Tổ dân phố 5, xã Krông Bông, tỉnh Đắk Lắk",
    "Thôn 2, xã Hòa Sơn, tỉnh Đắk Lắk",
    "Thôn 6, xã Dang Kang, tỉnh Đắk Lắk",
    "Thôn Ea Bar, xã Cư Pui, tỉnh Đắk Lắk",
    "Buôn Cư Păm, xã Dang Kang, tỉnh Đắk Lắk",
    "Thôn 4, xã Yang Mao, tỉnh Đắk Lắk",
]
PHONE_PREFIXES = ["090", "091", "093", "094", "097", "098", "086", "088", "035", "036", "038"]

# --- history --------------------------------------------------------------------------------

# A health exemption from activities (miễn công tác và sinh hoạt).
EXEMPTED = {
    "name": "Phạm Thị Lan",
    "date": D("2025-10-01"),
    "reason": "Sức khỏe yếu, đang điều trị bệnh dài ngày (đơn ngày 15/9/2025).",
    "decision_number": "07-NQ/CB",
}
# A move between cells of the committee.
MOVES = [
    {
        "name": "Đỗ Văn Thắng",
        "cell": "CB4",
        "date": D("2025-08-15"),
        "note": "Sắp xếp lại tổ chuyên môn năm học 2025–2026.",
    }
]
# A temporary transfer out for study: still on the roll, away until she comes back.
AWAY = {
    "name": "Huỳnh Thị Ngọc Diệp",
    "date": D("2026-09-05"),
    "organisation": "Chi bộ Học viên cao học, Đảng bộ Trường Đại học Tây Nguyên",
    "letter_number": "27-GGT/ĐU",
    "letter_issued_on": D("2026-09-01"),
    "expected_return": D("2027-08-31"),
}
# A member of another committee hosted for the school year (status "temporary").
HOSTED = {
    "name": "Nguyễn Văn Quang",
    "arrived_from": "Chi bộ Tổ Xã hội, Đảng bộ Trường THPT Chu Văn An (Buôn Ma Thuột)",
    "letter_number": "15-GTSHTT/ĐU",
    "letter_issued_on": D("2026-08-28"),
    "letter_presented_on": D("2026-09-03"),
}

# Offices per term: (role, cell code or None, member name). A cell with 9 official members or more
# elects a cell committee (secretary, deputy, member); CB4 had 8 in 2020, so a secretary only.
POSITIONS = {
    "2020–2025": [
        ("committee_secretary", None, "Nguyễn Công Lam"),
        ("committee_deputy", None, "Nguyễn Đình Phúc"),
        ("committee_member", None, "Lê Thị Thanh Hương"),
        ("committee_member", None, "Đặng Văn Hải"),
        ("committee_member", None, "Hoàng Văn Dũng"),
        ("cell_secretary", "CB1", "Phạm Văn Tuấn"),
        ("cell_deputy", "CB1", "Trần Thị Hồng Nhung"),
        ("cell_committee_member", "CB1", "Đặng Thị Kim Oanh"),
        ("cell_secretary", "CB2", "Lê Thị Thanh Hương"),
        ("cell_deputy", "CB2", "Nguyễn Thị Mai Anh"),
        ("cell_committee_member", "CB2", "Hồ Văn Sơn"),
        ("cell_secretary", "CB3", "Đặng Văn Hải"),
        ("cell_deputy", "CB3", "Võ Thị Phương Thảo"),
        ("cell_committee_member", "CB3", "Bùi Văn Long"),
        ("cell_secretary", "CB4", "Hoàng Văn Dũng"),
    ],
    "2025–2030": [
        ("committee_secretary", None, "Nguyễn Công Lam"),
        ("committee_deputy", None, "Nguyễn Đình Phúc"),
        ("committee_member", None, "Lê Thị Thanh Hương"),
        ("committee_member", None, "Võ Thị Phương Thảo"),
        ("committee_member", None, "Hoàng Văn Dũng"),
        ("cell_secretary", "CB1", "Trần Thị Hồng Nhung"),
        ("cell_deputy", "CB1", "Hoàng Thị Thu Hà"),
        ("cell_committee_member", "CB1", "Đặng Thị Kim Oanh"),
        ("cell_secretary", "CB2", "Lê Thị Thanh Hương"),
        ("cell_deputy", "CB2", "Trần Văn Đức"),
        ("cell_committee_member", "CB2", "Hồ Văn Sơn"),
        ("cell_secretary", "CB3", "Võ Thị Phương Thảo"),
        ("cell_deputy", "CB3", "Phạm Thị Hồng Vân"),
        ("cell_committee_member", "CB3", "Vũ Thị Hạnh"),
        ("cell_secretary", "CB4", "Nguyễn Thị Thanh Tâm"),
        ("cell_deputy", "CB4", "Phạm Minh Hoàng"),
        ("cell_committee_member", "CB4", "Y Blin Êban"),
    ],
}

# Demo logins linked to member records.
LOGINS = {
    "committee": "Nguyễn Công Lam",
    "secretary1": "Trần Thị Hồng Nhung",
    "member1": "Lê Văn Minh",
    # An older teacher (born 1969, cell 1's secretary of the last term) who reads with large text.
    "teacher1": "Phạm Văn Tuấn",
}
# The demo logins whose account has large text — "chữ lớn" — on (issue 24 part 3).
LARGE_TEXT = {"teacher1"}


def email_for(person: Person) -> str:
    """Given name + initials of the others: "Trần Thị Hồng Nhung" → nhungtth@example.vn."""
    if person.email:
        return person.email
    parts = search_key(person.name).split()
    return f"{parts[-1]}{''.join(p[0] for p in parts[:-1])}@example.vn"


def phone_for(person: Person) -> str:
    digits = person.citizen_id
    return PHONE_PREFIXES[int(digits[-2:]) % len(PHONE_PREFIXES)] + digits[-7:]


def card_number_for(person: Person) -> str | None:
    """Official members (and hosted ones, members elsewhere) hold a party card."""
    return f"66{person.citizen_id[-6:]}" if person.recognised else None


def record_fields(person: Person, address: str) -> dict:
    """The member record's fields that come from the person (`members.services.member_create`):
    every demo committee enrols its people with these."""
    return {
        "full_name": person.name,
        "date_of_birth": person.born,
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "religion": "Không",
        "home_town": person.home_town,
        "permanent_address": address,
        "current_address": address,
        "citizen_id": person.citizen_id,
        "phone": phone_for(person),
        "email": email_for(person),
        "education": "Đang học lớp 12" if person.student else "12/12",
        "qualification": person.qualification,
        "theory_level": person.theory,
        "job_title": person.job,
        "is_student": person.student,
        "card_number": card_number_for(person),
        "admitted_on": person.admitted,
        "recognised_on": person.recognised,
    }


def all_people():
    """(cell code, person, address) for everyone, in a fixed order."""
    index = 0
    for code, people in PEOPLE.items():
        for person in people:
            yield code, person, ADDRESSES[index % len(ADDRESSES)]
            index += 1
