"""The cell's review page and its proposals (issue 9 items 2 and 4, the cell's side):
`/reviews/<year>/cells/<cell>/` and `…/members/<member>/propose/`.

Per persona: the cell's officers and the committee's officers read it; the secretary (or deputy)
and the committee officers propose ratings until the committee confirms the year; members of
the cell, observers and clerks get a 403; members and secretaries of other cells, officers of
another committee and a superuser without office a 404. Garbage keeps what was typed and saves
nothing; the page's query count does not depend on the number of members.
"""

import copy
import datetime

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from meetings.models import Attendance
from reviews.models import Commendation, Evaluation, ResidenceComment, ReviewYear
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    UserFactory,
    member_user,
)
from tests.reviews.test_services import (
    build_world,
    review_meeting,
    state,
    this_year,
    today,
    write,
)

pytestmark = pytest.mark.django_db

TEMPLATE = "reviews/cell_review.html"


@pytest.fixture(scope="module")
def _world(module_db):
    """Built once for the module (see `module_db`); each test gets a copy and a savepoint."""
    committee = CommitteeFactory()
    w = build_world(
        committee,
        TermFactory(committee=committee),
        CommitteeRoleFactory(committee=committee, role="officer").user,
        CommitteeRoleFactory(committee=committee, role="observer").user,
    )
    w.users.update(
        {
            "clerk": CommitteeRoleFactory(committee=committee, role="clerk").user,
            "other_officer": CommitteeRoleFactory(
                committee=CommitteeFactory(), role="officer"
            ).user,
            "superuser": UserFactory(is_superuser=True, is_staff=True),
        }
    )
    return w


@pytest.fixture
def world(_world, db):
    return copy.deepcopy(_world)


def login(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def as_(client, w, who):
    return login(client, w.users[who])


def url(w, year=None, cell=None):
    return reverse("reviews:cell_review", args=[year or this_year(), (cell or w.cell).pk])


def propose_url(w, member, year=None, cell=None):
    return reverse("reviews:propose", args=[year or this_year(), (cell or w.cell).pk, member.pk])


def msgs(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def vote(rating="good", yes="3", no="1", abstain="0", **extra):
    """Cell A has 4 official members who may vote (d = 4): 3 in favour pass."""
    return {
        "rating": rating,
        "votes_yes": yes,
        "votes_no": no,
        "votes_abstain": abstain,
        **extra,
    }


def rows_by_name(response):
    return {row.member.full_name: row for row in response.context["rows"]}


def test_the_urls():
    assert reverse("reviews:cell_review", args=[2026, 3]) == "/reviews/2026/cells/3/"
    assert (
        reverse("reviews:propose", args=[2026, 3, 4]) == "/reviews/2026/cells/3/members/4/propose/"
    )


# --- who may see, who may propose --------------------------------------------------------------

READ = [
    ("secretary", 200),
    ("cell_committee", 200),
    ("officer", 200),
    ("member", 403),
    ("colleague", 403),
    ("new", 403),
    ("observer", 403),
    ("clerk", 403),
    ("other_secretary", 404),
    ("outsider", 404),
    ("other_officer", 404),
    ("superuser", 404),
]


@pytest.mark.parametrize(("who", "status"), READ)
def test_review_page_access(client, world, who, status):
    response = as_(client, world, who).get(url(world))
    assert response.status_code == status


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(url(world))
    assert response.status_code == 302
    assert settings.LOGIN_URL in response["Location"]
    response = client.post(propose_url(world, world.member), vote())
    assert response.status_code == 302
    assert not Evaluation.objects.exists()


def test_unknown_cell_is_404(client, world):
    assert as_(client, world, "officer").get(url(world) + "0/").status_code == 404
    bad = reverse("reviews:cell_review", args=[this_year(), 999_999])
    assert as_(client, world, "officer").get(bad).status_code == 404


@pytest.mark.parametrize(("offset", "status"), [(0, 200), (-1, 200), (-5, 200), (1, 404)])
def test_years(client, world, offset, status):
    response = as_(client, world, "officer").get(url(world, this_year() + offset))
    assert response.status_code == status
    assert as_(client, world, "officer").get(url(world, 1999)).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("secretary", 302),
        ("officer", 302),
        ("cell_committee", 403),
        ("member", 403),
        ("colleague", 403),
        ("observer", 403),
        ("clerk", 403),
        ("other_secretary", 404),
        ("outsider", 404),
        ("other_officer", 404),
        ("superuser", 404),
    ],
)
def test_propose_access(client, world, who, status):
    w = world
    before = state()
    response = as_(client, w, who).post(propose_url(w, w.colleague), vote())
    assert response.status_code == status
    if status == 302:
        evaluation = Evaluation.objects.get(member=w.colleague)
        assert (evaluation.proposed_rating, evaluation.votes_yes, evaluation.votes_no) == (
            "good",
            3,
            1,
        )
        assert evaluation.proposed_by == w.users[who]
    else:
        assert state() == before


def test_the_cell_deputy_proposes(client, world):
    w = world
    deputy = MemberFactory(committee=w.committee, cell=w.cell, full_name="Phó Bí Thư Quý")
    PositionFactory(member=deputy, cell=w.cell, role="cell_deputy", term=w.term)
    user = member_user(deputy)
    response = login(client, user).get(url(w))
    assert response.status_code == 200
    assert response.context["can_propose"] is True
    assert login(client, user).post(propose_url(w, w.member), vote()).status_code == 302


def test_committee_secretary_by_position_proposes(client, world):
    w = world
    principal = MemberFactory(committee=w.committee, cell=w.other_cell, full_name="Hiệu Trưởng")
    PositionFactory(member=principal, role="committee_secretary", term=w.term)
    user = member_user(principal)
    assert login(client, user).get(url(w)).status_code == 200
    assert login(client, user).post(propose_url(w, w.member), vote()).status_code == 302


def test_propose_for_a_member_not_in_the_cell_is_404(client, world):
    w = world
    before = state()
    assert as_(client, w, "secretary").post(propose_url(w, w.outsider), vote()).status_code == 404
    bad = reverse("reviews:propose", args=[this_year(), w.cell.pk, 999_999])
    assert as_(client, w, "secretary").post(bad, vote()).status_code == 404
    # Another cell's member through the other cell's URL: not this secretary's cell.
    other = propose_url(w, w.outsider, cell=w.other_cell)
    assert as_(client, w, "secretary").post(other, vote()).status_code == 404
    assert state() == before


def test_propose_is_post_only(client, world):
    w = world
    assert as_(client, w, "secretary").get(propose_url(w, w.member)).status_code == 405
    assert as_(client, w, "secretary").post(url(w)).status_code == 405


# --- the page -----------------------------------------------------------------------------------


def test_the_page_lists_who_is_reviewed_rated_and_missing(client, world):
    w = world
    write(w)  # Dung has written hers
    write(w, "new")  # so has the new member (reviewed, not rated)
    response = as_(client, w, "secretary").get(url(w))
    assert response.status_code == 200
    assert TEMPLATE in [t.name for t in response.templates]
    rows = rows_by_name(response)
    assert list(rows) == [r.member.full_name for r in response.context["rows"]]
    assert set(rows) == {
        "Bí Thư An",
        "Cấp Ủy Bình",
        "Đảng Viên Dung",
        "Đảng Viên Em",
        "Miễn Sinh Hoạt Giao",
        "Đình Chỉ Hòa",
        "Mới Vào Khánh",
    }
    assert response.context["missing"] == 5
    html = response.content.decode()
    assert "5 members have not written their self-assessment." in html
    assert html.count("Self-assessment MISSING") == 5
    assert html.count("Self-assessment submitted") == 2
    assert "Tạm Thời Lan" not in html and "Đi Vắng Minh" not in html
    dung = rows["Đảng Viên Dung"]
    assert (dung.rated, dung.submitted, dung.self_score, dung.self_rating_label) == (
        True,
        True,
        87,
        "Completed well",
    )
    assert dung.form is not None
    # Not rated: why, and no form.
    for name, reason in [
        ("Miễn Sinh Hoạt Giao", "Exempted"),
        ("Đình Chỉ Hòa", "Suspended"),
        ("Mới Vào Khánh", "Admitted less than 6 months before the review"),
    ]:
        row = rows[name]
        assert (row.rated, row.reason, row.form) == (False, reason, None)
        assert f"Not rated: {reason}." in html
    assert "87 / 100" in html and "(27 / 30 + 60 / 70)" in html
    assert html.count('class="mt-2 pt-2 border-top d-print-none review-propose"') == 4
    assert str(today().year) in html
    assert "no review meeting yet: the end of the year" in html
    assert f"31/12/{this_year()}" in html
    assert "Criticism records" not in html


def test_one_missing_is_said_in_the_singular(client, world):
    w = world
    for who in ("secretary", "cell_committee", "member", "colleague", "exempted", "new"):
        write(w, who)
    response = as_(client, w, "officer").get(url(w))
    assert "1 member has not written her self-assessment." in response.content.decode()
    Evaluation.objects.create(
        committee=w.committee,
        member=w.suspended,
        cell=w.cell,
        year=this_year(),
        rated=False,
        not_rated_reason="Suspended",
        submitted_at=timezone.now(),
    )
    response = as_(client, w, "officer").get(url(w))
    assert response.context["missing"] == 0
    assert "Every member has written her self-assessment." in response.content.decode()


def test_review_meeting_and_criticism_links(client, world):
    w = world
    meeting = review_meeting(w.cell, today())
    response = as_(client, w, "secretary").get(url(w))
    html = response.content.decode()
    assert response.context["meeting"] == meeting
    assert meeting.get_absolute_url() in html
    assert reverse("meetings:criticism", args=[meeting.pk]) in html
    assert "Criticism records" in html
    assert today().strftime("%d/%m/%Y") in html


def test_the_evidence_is_shown(client, world):
    w = world
    year = this_year()
    meeting = MeetingFactory(cell=w.cell, date=datetime.date(year, 1, 5), status="held")
    Attendance.objects.create(
        meeting=meeting, member=w.member, member_status="official", status="unexcused"
    )
    ResidenceComment.objects.create(
        member=w.member,
        year=year,
        status="received",
        received_on=datetime.date(year, 1, 20),
        residence_cell="Chi bộ thôn 3",
        good=False,
    )
    Commendation.objects.create(member=w.member, year=year, form="Giấy khen", deciding_body="ĐU")
    response = as_(client, w, "cell_committee").get(url(w))
    ev = rows_by_name(response)["Đảng Viên Dung"].ev
    assert (ev.unexcused, ev.commendations, ev.residence.good) == (1, 1, False)
    html = response.content.decode()
    assert "1 unexcused absence" in html
    assert "not good" in html
    assert html.count(">Missing<") == 6  # the residence comments of the others


def test_the_cells_proposal_with_its_tally(client, world):
    w = world
    as_(client, w, "secretary").post(
        propose_url(w, w.member), vote("outstanding", yes="3", no="0", abstain="1")
    )
    response = as_(client, w, "cell_committee").get(url(w))
    row = rows_by_name(response)["Đảng Viên Dung"]
    assert row.proposed_label == "Completed excellently"
    assert row.form is None  # a cell committee member reads, does not propose
    assert response.context["can_propose"] is False
    html = response.content.decode()
    assert "Completed excellently" in html
    assert "in favour 3 · against 0 · abstaining 1" in html
    assert "4 official members, 4 counted for the majority" not in html  # she reads, no form
    assert "→ 4; 3 tán thành &gt; 4/2 → thông qua" in html  # the working
    # The secretary's form is prefilled with the proposal.
    response = as_(client, w, "secretary").get(url(w))
    form = rows_by_name(response)["Đảng Viên Dung"].form
    assert form.initial == {
        "rating": "outstanding",
        "votes_yes": 3,
        "votes_no": 0,
        "votes_abstain": 1,
    }
    assert f'id="id_m{w.member.pk}_rating"' in response.content.decode()


def test_after_the_committee_confirms_no_forms(client, world):
    w = world
    ReviewYear.objects.create(committee=w.committee, year=this_year(), confirmed_at=timezone.now())
    response = as_(client, w, "secretary").get(url(w))
    assert response.context["can_propose"] is False
    assert all(row.form is None for row in response.context["rows"])
    assert "The committee has confirmed this year's ratings" in response.content.decode()
    before = state()
    response = as_(client, w, "secretary").post(propose_url(w, w.member), vote())
    assert response.status_code == 302
    assert msgs(response) == ["The committee has confirmed this year's ratings."]
    assert state() == before


# --- proposing ----------------------------------------------------------------------------------


def test_propose_success(client, world):
    w = world
    response = as_(client, w, "secretary").post(
        propose_url(w, w.member), vote(member=w.colleague.pk)
    )
    assert response.status_code == 302
    assert response["Location"] == url(w) + f"#member-{w.member.pk}"
    assert msgs(response) == ["Proposed for Đảng Viên Dung: Completed well."]
    evaluation = Evaluation.objects.get()
    assert (evaluation.member, evaluation.proposed_rating, evaluation.votes_abstain) == (
        w.member,
        "good",
        0,
    )
    # A proposal without its tally is refused: the cell votes it.
    response = as_(client, w, "secretary").post(
        propose_url(w, w.member), vote("completed", yes="", no="", abstain="")
    )
    assert response.status_code == 200
    errors = rows_by_name(response)["Đảng Viên Dung"].form.errors
    assert errors["votes_yes"] == ["Give the tally of the cell's vote on this proposal."]
    assert errors["votes_no"] == ["Give the tally of the cell's vote on this proposal."]
    evaluation.refresh_from_db()
    assert (evaluation.proposed_rating, evaluation.votes_yes) == ("good", 3)


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        (vote(rating=""), "rating", "Choose a rating."),
        (vote(rating="excellent"), "rating", "Choose a rating."),
        (vote(yes="abc"), "votes_yes", "Give a whole number, 0 or more."),
        (vote(no="-1"), "votes_no", "Give a whole number, 0 or more."),
        (vote(abstain="1.5"), "votes_abstain", "Give a whole number, 0 or more."),
        (
            vote(yes="101"),
            "votes_yes",
            "102 votes in all (in favour, against, abstaining), but only 4 members present may "
            "vote.",
        ),
        (vote(yes=""), "votes_yes", "Give the tally of the cell's vote on this proposal."),
        (
            vote(yes="2", no="2"),
            "votes_yes",
            "The cell did not pass this proposal (7 đảng viên chính thức, 1 chuyển sinh hoạt "
            "tạm thời đi nơi khác, 1 miễn sinh hoạt vắng mặt, 1 bị đình chỉ sinh hoạt → 4; "
            "2 tán thành ≤ 4/2 → không thông qua): only a proposal the cell passed goes to the "
            "committee.",
        ),
    ],
)
def test_propose_garbage_shows_her_row_again(client, world, data, field, error):
    w = world
    before = state()
    response = as_(client, w, "secretary").post(propose_url(w, w.member), data)
    assert response.status_code == 200
    assert TEMPLATE in [t.name for t in response.templates]
    assert msgs(response) == [
        "The proposal for Đảng Viên Dung was not saved: see the errors in her row."
    ]
    row = rows_by_name(response)["Đảng Viên Dung"]
    assert row.form.errors[field] == [error]
    assert row.form.data["votes_yes"] == data["votes_yes"]  # as typed
    html = response.content.decode()
    assert escape(error) in html
    # The other rows' forms are blank.
    assert not rows_by_name(response)["Đảng Viên Em"].form.is_bound
    assert state() == before


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("exempted", "Miễn Sinh Hoạt Giao is not rated this year (Exempted)."),
        (
            "new",
            "Mới Vào Khánh is not rated this year (Admitted less than 6 months before the review).",
        ),
        ("temporary", "Tạm Thời Lan is not reviewed in this cell."),
    ],
)
def test_propose_for_a_member_not_rated_is_refused(client, world, who, message):
    w = world
    before = state()
    response = as_(client, w, "officer").post(propose_url(w, getattr(w, who)), vote())
    assert response.status_code == 302
    assert response["Location"] == url(w) + f"#member-{getattr(w, who).pk}"
    assert msgs(response) == [message]
    assert state() == before


# --- query counts -------------------------------------------------------------------------------


def _page_queries(client, user, address) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(address)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add_members(committee, cell, meeting, count):
    for _ in range(count):
        member = MemberFactory(committee=committee, cell=cell)
        Evaluation.objects.create(
            committee=committee,
            member=member,
            cell=cell,
            year=meeting.date.year,
            self_rating="good",
            self_score_general=25,
            self_score_tasks=60,
            submitted_at=timezone.now(),
            proposed_rating="good",
            votes_yes=3,
        )
        Attendance.objects.create(
            meeting=meeting, member=member, member_status="official", status="present"
        )
        Commendation.objects.create(
            member=member, year=meeting.date.year, form="Giấy khen", deciding_body="ĐU"
        )
        ResidenceComment.objects.create(
            member=member, year=meeting.date.year, status="exempt", exempt_reason="Học xa"
        )


@pytest.mark.parametrize("who", ["secretary", "officer"])
def test_query_count_with_5_and_50_members(client, committee, term, who):
    cell = CellFactory(committee=committee)
    secretary = MemberFactory(committee=committee, cell=cell)
    PositionFactory(member=secretary, cell=cell, role="cell_secretary", term=term)
    user = (
        member_user(secretary)
        if who == "secretary"
        else CommitteeRoleFactory(committee=committee).user
    )
    meeting = review_meeting(cell, today())
    _add_members(committee, cell, meeting, 4)
    login(client, user)
    address = reverse("reviews:cell_review", args=[today().year, cell.pk])
    client.get(address)  # warm up (session, caches)
    few = _page_queries(client, user, address)
    _add_members(committee, cell, meeting, 45)
    many = _page_queries(client, user, address)
    response = client.get(address)
    assert len(response.context["rows"]) == 50
    assert few == many
