"""The political-theory training pages (`library/views/training.py`) and what other pages show of
it: who opens each page (404 / 403), the course form (errors keep the input and save nothing,
the level message after a save), archiving with a confirmation, "Training due" (and its query
count for 5 and 50 members), the member record's section, the probation watch's badge and the
recognition vote's warning."""

import copy
import datetime

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.dates import add_months
from library.models import TrainingCourse
from meetings.decisions import votes
from meetings.record.attendance import recording_start
from members.models import Member
from tests.conftest import PERSONAS
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    TrainingCourseFactory,
    UserFactory,
    member_user,
    superior_personas,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = timezone.localdate()
PAST = TODAY - datetime.timedelta(days=40)


@pytest.fixture(scope="module")
def _world(module_db):
    """Committee A: cell A1 (the target Hoa, two probationary members — Thương without the course
    for new members, overdue for recognition; Duyên with it —, the committee's secretary Chính,
    the member persona, the secretary), cell A2 (a member, its secretary); committee B. A meeting
    of A1 held 40 days ago, its record open."""
    committee = CommitteeFactory()
    term = TermFactory(committee=committee, start_date=D(2020, 7, 1))
    cell = CellFactory(committee=committee)
    other_cell = CellFactory(committee=committee)

    def person(c=cell, role=None, **kwargs):
        member = MemberFactory(committee=committee, cell=c, **kwargs)
        if role:
            PositionFactory(
                member=member, cell=None if role.startswith("committee") else c, role=role,
                term=term, start_date=D(2020, 7, 1),
            )  # fmt: skip
        return member

    target = person(full_name="Trần Thị Hoa", theory_level="none")
    course = TrainingCourseFactory(
        member=target, kind="awareness", name="Lớp nhận thức về Đảng", start_date=D(2014, 9, 1)
    )
    untrained = person(
        full_name="Nguyễn Thị Hoài Thương", status="probationary", recognised_on=None,
        admitted_on=TODAY - datetime.timedelta(days=420), card_number=None,
    )  # fmt: skip
    trained = person(
        full_name="Trần Thị Mỹ Duyên", status="probationary", recognised_on=None,
        admitted_on=add_months(TODAY, -12) + datetime.timedelta(days=10), card_number=None,
    )  # fmt: skip
    TrainingCourseFactory(member=trained, start_date=trained.admitted_on + datetime.timedelta(30))
    boss = person(full_name="Đỗ Văn Chính", role="committee_secretary")
    users = {
        "member": member_user(person(full_name="Đặng Thị Mai")),
        "member_other_cell": member_user(person(other_cell, full_name="Bùi Văn Tư")),
        "cell_secretary": member_user(person(full_name="Ngô Văn Bí", role="cell_secretary")),
        "secretary_other_cell": member_user(
            person(other_cell, full_name="Lý Văn Sáu", role="cell_secretary")
        ),
        "committee_officer": CommitteeRoleFactory(committee=committee, role="officer").user,
        "committee_clerk": CommitteeRoleFactory(committee=committee, role="clerk").user,
        "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
        "officer_other_committee": CommitteeRoleFactory(
            committee=CommitteeFactory(), role="officer"
        ).user,
        **superior_personas(committee),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    meeting = MeetingFactory(cell=cell, date=PAST, status="published")
    recording_start(meeting=meeting, by=users["cell_secretary"])
    return {
        "committee": committee,
        "cell": cell,
        "target": target,
        "course": course,
        "untrained": untrained,
        "trained": trained,
        "boss": boss,
        "users": users,
        "meeting": meeting,
    }


@pytest.fixture
def w(_world, db):
    return copy.deepcopy(_world)


def login(client, user):
    """Logged in, in English: the assertions name the English source strings."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def as_(client, w, who):
    return login(client, w["users"][who])


def msgs(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def training_url(member):
    return reverse("library:member_training", args=[member.pk])


def add_url(member):
    return reverse("library:course_add", args=[member.pk])


def form_data(**kwargs):
    data = {
        "kind": "elementary",
        "name": "Lớp sơ cấp lý luận chính trị khóa 12",
        "institution": "Trung tâm Chính trị huyện Krông Bông",
        "start_date": "01/03/2018",
        "end_date": "01/05/2018",
        "certificate_number": "123/SC",
        "certificate_date": "15/05/2018",
    }
    data.update(kwargs)
    return data


# --- who opens what ------------------------------------------------------------------------------

# Her training: whoever sees her personal fields; the rest of her cell and observers 403.
READ = {
    "anonymous": 302,
    "member": 403,
    "member_other_cell": 404,
    "cell_secretary": 200,
    "secretary_other_cell": 404,
    "committee_officer": 200,
    "committee_clerk": 200,
    "observer": 403,
    "officer_other_committee": 404,
    # A member's record is never a superior's officer's (issue 22): 404.
    "superior_officer": 404,
    "superior_other": 404,
    "superuser": 403,
}
# A committee officer's training: only the committee's officers record it.
BOSS_RECORD = {**READ, "cell_secretary": 403, "committee_clerk": 403}
DUE = {
    "anonymous": 302,
    **dict.fromkeys(PERSONAS[1:], 403),
    "committee_officer": 200,
    "committee_clerk": 200,
    "officer_other_committee": 404,
    "superior_officer": 404,
    "superior_other": 404,
}


def _status(client, w, persona, url):
    if persona != "anonymous":
        as_(client, w, persona)
    return client.get(url).status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_opens_the_pages(client, w, persona):
    course = w["course"]
    for url in (
        training_url(w["target"]),
        add_url(w["target"]),
        reverse("library:course_edit", args=[course.pk]),
        reverse("library:course_archive", args=[course.pk]),
    ):
        assert _status(client, w, persona, url) == READ[persona], url
    assert _status(client, w, persona, add_url(w["boss"])) == BOSS_RECORD[persona]
    due = reverse("library:training_due", args=[w["committee"].pk])
    assert _status(client, w, persona, due) == DUE[persona]


def test_she_reads_her_own_training_but_does_not_record_it(client, w):
    login(client, member_user(w["target"]))
    page = client.get(training_url(w["target"]))
    assert page.status_code == 200 and "Lớp nhận thức về Đảng" in page.content.decode()
    assert add_url(w["target"]) not in page.content.decode()
    assert client.get(add_url(w["target"])).status_code == 403
    assert client.post(add_url(w["target"]), form_data()).status_code == 403
    assert TrainingCourse.objects.filter(member=w["target"]).count() == 1


def test_unknown_course_or_member_is_404(client, w):
    as_(client, w, "committee_officer")
    assert client.get(reverse("library:course_edit", args=[999999])).status_code == 404
    assert client.get(reverse("library:member_training", args=[999999])).status_code == 404


# --- the form ------------------------------------------------------------------------------------


def test_recording_a_course_sets_her_level_and_says_so(client, w):
    as_(client, w, "cell_secretary")
    page = client.get(add_url(w["target"]))
    assert "Born 10/05/1985" in page.content.decode()
    response = client.post(add_url(w["target"]), form_data())
    assert response.status_code == 302 and response["Location"] == training_url(w["target"])
    assert msgs(response) == [
        "The course was recorded.",
        "Her political theory level on the record is now Elementary (sơ cấp).",
    ]
    course = TrainingCourse.objects.get(member=w["target"], kind="elementary")
    assert course.end_date == D(2018, 5, 1) and course.certificate_number == "123/SC"
    assert Member.objects.get(pk=w["target"].pk).theory_level == "elementary"
    page = client.get(training_url(w["target"])).content.decode()
    assert "Lớp sơ cấp lý luận chính trị khóa 12" in page and "No. 123/SC" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start_date": "01/01/1980"}, "A course cannot start before her date of birth (10/05/1985)."),
        ({"end_date": "01/02/2018"}, "A course cannot end before it starts."),
        ({"certificate_date": "01/01/1984"}, "A certificate cannot be dated before her date of birth"),
        ({"start_date": "31/02/2018"}, "Enter a valid date."),
        ({"start_date": ""}, "This field is required."),
        ({"kind": "doctorate"}, "Select a valid choice."),
        ({"name": "Lớp\x00"}, "Null characters are not allowed."),
    ],
)  # fmt: skip
def test_bad_input_keeps_what_was_typed_and_saves_nothing(client, w, data, message):
    as_(client, w, "committee_clerk")
    response = client.post(add_url(w["target"]), form_data(**data))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Trung tâm Chính trị huyện Krông Bông"' in html
    assert TrainingCourse.objects.filter(member=w["target"]).count() == 1
    assert Member.objects.get(pk=w["target"].pk).theory_level == "none"


def test_her_level_is_not_typed_by_hand_once_it_follows_her_courses(client, w):
    as_(client, w, "cell_secretary")
    edit = reverse("members:edit", args=[w["target"].pk])
    assert not client.get(edit).context["form"].fields["theory_level"].disabled
    client.post(add_url(w["target"]), form_data())
    form = client.get(edit).context["form"]
    assert form.fields["theory_level"].disabled
    data = {k: v for k, v in form.initial.items() if v is not None and k != "photo"}
    data |= {"date_of_birth": "10/05/1985", "phone": "0912345678", "theory_level": "advanced"}
    for day in ("admitted_on", "recognised_on"):
        if data.get(day):
            data[day] = f"{data[day]:%d/%m/%Y}"
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    target = Member.objects.get(pk=w["target"].pk)
    assert target.phone == "0912345678" and target.theory_level == "elementary"


def test_correcting_a_course(client, w):
    as_(client, w, "committee_officer")
    url = reverse("library:course_edit", args=[w["course"].pk])
    assert 'value="01/09/2014"' in client.get(url).content.decode()
    response = client.post(
        url, form_data(kind="awareness", start_date="02/09/2014", end_date="06/09/2014",
                       certificate_date="06/09/2014"),
    )  # fmt: skip
    assert response.status_code == 302
    assert msgs(response) == ["The course was saved."]
    course = TrainingCourse.objects.get(pk=w["course"].pk)
    assert (course.start_date, course.end_date) == (D(2014, 9, 2), D(2014, 9, 6))


def test_archiving_asks_first_then_lowers_the_level(client, w):
    as_(client, w, "cell_secretary")
    client.post(add_url(w["target"]), form_data())
    client.post(
        add_url(w["target"]),
        form_data(kind="intermediate", start_date="01/09/2021", end_date="30/06/2022",
                  certificate_date="15/07/2022"),
    )  # fmt: skip
    assert Member.objects.get(pk=w["target"].pk).theory_level == "intermediate"
    higher = TrainingCourse.objects.get(member=w["target"], kind="intermediate")
    url = reverse("library:course_archive", args=[higher.pk])
    page = client.get(url)
    assert page.status_code == 200 and "recorded by mistake" in page.content.decode()
    assert not TrainingCourse.objects.get(pk=higher.pk).archived
    response = client.post(url)
    assert response.status_code == 302
    assert msgs(response)[0] == "The course was archived."
    assert "went down to Elementary (sơ cấp)" in msgs(response)[1]
    assert Member.objects.get(pk=w["target"].pk).theory_level == "elementary"
    # Archived: struck through on her page, no longer changed.
    page = client.get(training_url(w["target"])).content.decode()
    assert "training-archived" in page
    again = client.post(url)
    assert msgs(again) == ["This course is already archived."]
    edit = client.get(reverse("library:course_edit", args=[higher.pk]))
    assert edit.status_code == 302


def test_a_former_members_record_is_closed(client, w):
    Member.objects.filter(pk=w["target"].pk).update(status="transferred_out")
    as_(client, w, "committee_officer")
    page = client.get(training_url(w["target"]))
    assert add_url(w["target"]) not in page.content.decode()
    response = client.post(add_url(w["target"]), form_data())
    assert "former member" in response.content.decode()
    assert TrainingCourse.objects.filter(member=w["target"]).count() == 1


# --- the member record, the probation watch, the recognition vote --------------------------------


def test_the_member_record_shows_her_training_to_who_may_see_it(client, w):
    url = reverse("members:detail", args=[w["target"].pk])
    html = as_(client, w, "cell_secretary").get(url).content.decode()
    assert "Political-theory training" in html and "Lớp nhận thức về Đảng" in html
    assert add_url(w["target"]) in html
    assert reverse("library:course_edit", args=[w["course"].pk]) in html
    html = as_(client, w, "member").get(url).content.decode()
    assert "Political-theory training" not in html and "Lớp nhận thức về Đảng" not in html
    # The committee's secretary: his cell's secretary reads it, only the officers record it.
    boss = reverse("members:detail", args=[w["boss"].pk])
    html = as_(client, w, "cell_secretary").get(boss).content.decode()
    assert "Political-theory training" in html and add_url(w["boss"]) not in html
    html = as_(client, w, "committee_officer").get(boss).content.decode()
    assert add_url(w["boss"]) in html


def test_the_probation_watch_marks_who_has_not_completed_the_course(client, w):
    response = as_(client, w, "cell_secretary").get(reverse("members:probation"))
    overdue, ending = response.context["overdue"], response.context["ending"]
    assert [(m.pk, m.new_member_course_missing) for m in overdue] == [(w["untrained"].pk, True)]
    assert [(m.pk, m.new_member_course_missing) for m in ending] == [(w["trained"].pk, False)]
    html = response.content.decode()
    assert html.count("course for new members not completed") == 1
    assert reverse("library:training_due", args=[w["committee"].pk]) not in html
    # The rest of the cell sees the watch, not her training.
    response = as_(client, w, "member").get(reverse("members:probation"))
    assert "course for new members not completed" not in response.content.decode()
    # The registry is pointed to "Training due".
    html = as_(client, w, "committee_clerk").get(reverse("members:probation")).content.decode()
    assert reverse("library:training_due", args=[w["committee"].pk]) in html


def test_the_recognition_vote_warns_about_the_course_for_new_members(client, w):
    url = reverse("meetings:votes", args=[w["meeting"].pk])
    as_(client, w, "cell_secretary")
    response = client.get(url)
    assert [m.pk for m in response.context["training_missing"]] == [w["untrained"].pk]
    assert "Recognition as an official member expects the course" in response.content.decode()
    votes.vote_record(
        meeting=w["meeting"],
        kind="recognition",
        method="hands",
        text="Công nhận đảng viên chính thức",
        yes=4,
        no=0,
        subject_member=w["untrained"],
        by=w["users"]["cell_secretary"],
    )
    html = client.get(url).content.decode()
    assert html.count("motion-training") == 1
    # Completed before the meeting: no warning.
    TrainingCourseFactory(member=w["untrained"], start_date=PAST - datetime.timedelta(days=60))
    response = client.get(url)
    assert response.context["training_missing"] == []
    assert "motion-training" not in response.content.decode()


# --- Training due --------------------------------------------------------------------------------


def test_training_due_lists_who_is_due(client, w):
    as_(client, w, "committee_clerk")
    url = reverse("library:training_due", args=[w["committee"].pk])
    response = client.get(url)
    rows = response.context["page"].object_list
    assert [m.pk for m in rows] == [w["untrained"].pk]
    html = response.content.decode()
    ends = add_months(w["untrained"].admitted_on, 12)
    assert f"{ends:%d/%m/%Y}" in html and "Not recorded" in html
    awareness = client.get(url, {"list": "awareness"}).context["page"].object_list
    assert w["target"].pk not in {m.pk for m in awareness}
    assert w["untrained"].pk in {m.pk for m in awareness}
    assert client.get(url, {"list": "officers", "page": "abc"}).status_code == 200


def _due_world(size):
    committee = CommitteeFactory()
    term = TermFactory(committee=committee)
    cell = CellFactory(committee=committee)
    admitted = TODAY - datetime.timedelta(days=100)
    for index in range(size):
        member = MemberFactory(
            committee=committee, cell=cell, theory_level="none",
            **({"status": "probationary", "recognised_on": None, "admitted_on": admitted,
                "card_number": None} if index % 2 else {}),
        )  # fmt: skip
        if index % 2 == 0:
            PositionFactory(member=member, cell=cell, role="cell_committee_member", term=term)
        if index % 3 == 0:
            TrainingCourseFactory(member=member, kind="awareness", start_date=D(2014, 1, 1))
        if index % 4 == 1:
            TrainingCourseFactory(member=member, start_date=TODAY, end_date=None,
                                  certificate_date=None)  # fmt: skip
    return committee, CommitteeRoleFactory(committee=committee, role="officer").user


def test_training_due_takes_the_same_queries_for_5_and_50_members(client):
    counts = {}
    for size in (5, 50):
        committee, officer = _due_world(size)
        login(client, officer)
        url = reverse("library:training_due", args=[committee.pk])
        counts[size] = []
        for which in ("new_member", "officers", "awareness"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, {"list": which})
            assert response.status_code == 200
            assert response.context["page"].object_list
            counts[size].append(len(queries))
    assert counts[5] == counts[50]
