"""The member's self-assessment page (issue 9 item 3): `/reviews/self/<year>/`.

Per persona: the member herself writes hers; any other member (the cell's secretary included)
only ever sees and writes her own — there is no member in the URL and a crafted field naming
someone else is ignored; a user with no member record (observer, superuser) sees a page saying
so and may not post. Garbage scores keep what was typed and save nothing; after the review
meeting the page is read-only.
"""

import copy

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from cells.models import CommitteeSettings
from cells.services import rules_update
from reviews.models import Commendation, Evaluation
from tests.factories import CommitteeFactory, CommitteeRoleFactory, TermFactory
from tests.reviews.test_services import (
    DAY,
    assessment,
    build_world,
    review_meeting,
    state,
    this_year,
    today,
    write,
)

pytestmark = pytest.mark.django_db

TEMPLATE = "reviews/self_assessment.html"


@pytest.fixture(scope="module")
def _world(module_db):
    """Built once for the module (see `module_db`); each test gets a copy and a savepoint."""
    committee = CommitteeFactory()
    return build_world(
        committee,
        TermFactory(committee=committee),
        CommitteeRoleFactory(committee=committee, role="officer").user,
        CommitteeRoleFactory(committee=committee, role="observer").user,
    )


@pytest.fixture
def world(_world, db):
    return copy.deepcopy(_world)


def login(client, user):
    """Logged in, in English: the assertions name the English source strings."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def as_(client, w, who):
    return login(client, w.users[who])


def url(year=None):
    return reverse("reviews:self_assessment", args=[year or this_year()])


def msgs(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def form_data(**kwargs):
    data = {k: ("" if v is None else v) for k, v in assessment(**kwargs).items()}
    return data


def test_the_url():
    assert reverse("reviews:self_assessment", args=[2026]) == "/reviews/self/2026/"


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(url())
    assert response.status_code == 302
    assert settings.LOGIN_URL in response["Location"]


def test_empty_form_shows_the_split_from_the_settings(client, world):
    response = as_(client, world, "member").get(url())
    assert response.status_code == 200
    assert TEMPLATE in [t.name for t in response.templates]
    html = response.content.decode()
    assert "My self-assessment for" in html
    assert "Đảng Viên Dung" in html and "Chi bộ A" in html
    assert "Out of 30 points." in html and "Out of 70 points." in html
    assert 'max="30"' in html and 'max="70"' in html
    assert "Not yet" in html  # not submitted
    assert response.context["form"].initial == {}
    assert response.context["editable"] is True


def test_form_prefilled_from_her_evaluation_with_the_total(client, world):
    w = world
    write(w)
    response = as_(client, w, "member").get(url())
    form = response.context["form"]
    assert form.initial["strengths"] == "Gương mẫu, nhiệt tình"
    assert (form.initial["self_score_general"], form.initial["self_score_tasks"]) == (27, 60)
    html = response.content.decode()
    assert "27 / 30 + 60 / 70 = <strong>87 / 100</strong>" in html
    assert "in the band “Completed well”" in html


def test_post_saves_her_own_and_ignores_a_crafted_member(client, world):
    w = world
    data = form_data()
    data.update({"member": w.colleague.pk, "member_id": w.colleague.pk, "year": 1999})
    response = as_(client, w, "member").post(url(), data)
    assert response.status_code == 302
    assert response["Location"] == url()
    assert msgs(response) == [f"Your self-assessment for {this_year()} was saved."]
    evaluation = Evaluation.objects.get()
    assert (evaluation.member, evaluation.year, evaluation.self_score) == (
        w.member,
        this_year(),
        87,
    )
    assert evaluation.history.get().history_user == w.users["member"]


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("self_score_general", "abc", "Give a whole number of points."),
        ("self_score_general", "101", "Give from 0 to 30 points."),
        ("self_score_general", "-1", "Give from 0 to 30 points."),
        ("self_score_general", "31", "Give from 0 to 30 points."),
        ("self_score_tasks", "101", "Give from 0 to 70 points."),
        ("self_score_tasks", "-1", "Give from 0 to 70 points."),
        ("self_score_tasks", "7.5", "Give a whole number of points."),
        ("self_score_tasks", "", "Give from 0 to 70 points."),
        ("self_rating", "excellent", "Choose a rating."),
        ("self_rating", "", "Choose a rating."),
        ("strengths", "   ", "Write your strengths."),
    ],
)
def test_garbage_keeps_the_input_and_saves_nothing(client, world, field, value, error):
    w = world
    before = state()
    data = form_data(strengths="Điểm mạnh đã gõ")
    data[field] = value
    response = as_(client, w, "member").post(url(), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] == [error]
    html = response.content.decode()
    assert error in html
    if field != "strengths":
        assert "Điểm mạnh đã gõ" in html
    if field.startswith("self_score") and value:
        assert f'value="{value}"' in html  # what she typed, kept
    assert state() == before


def test_over_long_text_is_refused(client, world):
    before = state()
    response = as_(client, world, "member").post(url(), form_data(remedies="x" * 10_001))
    assert response.status_code == 200
    assert "remedies" in response.context["form"].errors
    assert state() == before


@pytest.mark.parametrize("who", ["colleague", "secretary", "cell_committee"])
def test_every_member_sees_and_writes_only_her_own(client, world, who):
    w = world
    write(w)  # Dung's
    response = as_(client, w, who).get(url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gương mẫu, nhiệt tình" not in html
    assert response.context["member"] == getattr(w, who)
    response = as_(client, w, who).post(url(), form_data(strengths="Của tôi", member=w.member.pk))
    assert response.status_code == 302
    mine = Evaluation.objects.get(member=getattr(w, who))
    assert mine.strengths == "Của tôi"
    assert Evaluation.objects.get(member=w.member).strengths == "Gương mẫu, nhiệt tình"


@pytest.mark.parametrize("who", ["observer", "officer", "superuser"])
def test_a_user_without_a_member_record_sees_a_page_saying_so(client, world, superuser, who):
    user = superuser if who == "superuser" else world.users[who]
    response = login(client, user).get(url())
    assert response.status_code == 200
    assert "Your account is not linked to a member record" in response.content.decode()
    assert "form" not in response.context
    before = state()
    response = login(client, user).post(url(), form_data())
    assert response.status_code == 403
    assert state() == before


@pytest.mark.parametrize(
    ("offset", "status"), [(0, 200), (-1, 200), (-2, 404), (1, 404), (-30, 404)]
)
def test_the_current_and_previous_year_only(client, world, offset, status):
    response = as_(client, world, "member").get(url(this_year() + offset))
    assert response.status_code == status


def test_last_year_is_read_only(client, world):
    w = world
    year = this_year() - 1
    Evaluation.objects.create(
        committee=w.committee,
        member=w.member,
        cell=w.cell,
        year=year,
        strengths="Năm ngoái",
        self_rating="good",
        self_score_general=25,
        self_score_tasks=60,
        submitted_at=timezone.now(),
        final_rating="good",
    )
    response = as_(client, w, "member").get(url(year))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["editable"] is False
    assert "self-assessment-form" not in html
    assert "Năm ngoái" in html
    assert "Rating decided by the committee" in html
    before = state()
    response = as_(client, w, "member").post(url(year), form_data())
    assert response.status_code == 302
    assert msgs(response) == [
        "The review meeting has taken place: the self-assessment can no longer change."
    ]
    assert state() == before


def test_no_self_assessment_last_year_says_so(client, world):
    response = as_(client, world, "member").get(url(this_year() - 1))
    assert "You did not write a self-assessment for this year." in response.content.decode()


def test_editable_on_the_meeting_day_read_only_after(client, world):
    w = world
    meeting = review_meeting(w.cell, today())
    response = as_(client, w, "member").get(url())
    assert response.context["editable"] is True
    html = response.content.decode()
    assert today().strftime("%d/%m/%Y") in html
    assert "You can change your self-assessment until the day of the review meeting" in html
    assert as_(client, w, "member").post(url(), form_data()).status_code == 302
    meeting.delete()
    yesterday = today() - DAY
    review_meeting(w.cell, yesterday)
    response = as_(client, w, "member").get(url(yesterday.year))
    assert response.context["editable"] is False
    assert "The review meeting has taken place" in response.content.decode()
    before = state()
    response = as_(client, w, "member").post(url(yesterday.year), form_data(strengths="Sửa"))
    assert response.status_code == 302
    assert state() == before


def test_a_member_not_rated_is_told_why(client, world):
    response = as_(client, world, "new").get(url())
    html = response.content.decode()
    assert "No: Admitted less than 6 months before the review." in html
    # She writes it all the same.
    response = as_(client, world, "new").post(url(), form_data())
    assert response.status_code == 302
    assert Evaluation.objects.get(member=world.new).rated is False


def test_a_member_without_a_cell(client, world):
    w = world
    w.member.memberships.update(end_date=today() - DAY)
    response = as_(client, w, "member").get(url())
    assert response.status_code == 200
    assert "You are not a member of a cell" in response.content.decode()
    response = as_(client, w, "member").post(url(), form_data())
    assert response.status_code == 302
    assert msgs(response) == ["You are not a member of a cell: there is nobody to review you."]
    assert not Evaluation.objects.exists()


def test_her_evidence_is_shown(client, world):
    Commendation.objects.create(
        member=world.member, year=this_year(), form="Giấy khen", deciding_body="Đảng ủy"
    )
    response = as_(client, world, "member").get(url())
    assert response.context["ev"].commendations == 1
    html = response.content.decode()
    assert "Your year on record" in html
    assert "Residence-place comment" in html


def test_setting_self_score_split_changes_the_form(client, world):
    w = world
    CommitteeSettings.objects.create(
        committee=w.committee, self_score_general_points=40, self_score_task_points=60
    )
    response = as_(client, w, "member").get(url())
    html = response.content.decode()
    assert "Out of 40 points." in html and "Out of 60 points." in html
    response = as_(client, w, "member").post(
        url(), form_data(self_score_general="40", self_score_tasks="61")
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"self_score_tasks": ["Give from 0 to 60 points."]}
    response = as_(client, w, "member").post(
        url(), form_data(self_score_general="40", self_score_tasks="60")
    )
    assert response.status_code == 302
    assert Evaluation.objects.get().self_score == 100


def test_setting_the_rating_bands_changes_the_band_shown(client, world):
    """87 points is "Completed well" by default (≥ 70, < 90); with Outstanding from 85, it is
    "Completed excellently"."""
    w = world
    write(w)
    assert "in the band “Completed well”" in as_(client, w, "member").get(url()).content.decode()
    rules_update(committee=w.committee, by=w.users["officer"], rating_outstanding_min=85)
    html = as_(client, w, "member").get(url()).content.decode()
    assert "in the band “Completed excellently”" in html


def test_a_rating_above_her_scores_band_is_warned_not_refused(client, world):
    """ "Outstanding" at 85/100: saved, and the page says the score falls in "Completed well"."""
    w = world
    response = as_(client, w, "member").post(
        url(), form_data(self_rating="outstanding", self_score_general="25", self_score_tasks="60")
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert (evaluation.self_rating, evaluation.self_score) == ("outstanding", 85)
    response = as_(client, w, "member").get(url())
    warning = (
        "Your self-score of 85 / 100 falls in the band “Completed well”, below the rating you "
        "propose, “Completed excellently”."
    )
    assert warning in response.context["rating_warning"]
    html = response.content.decode()
    assert "self-assessment-rating-warning" in html
    # A rating her score supports: no warning.
    as_(client, w, "member").post(
        url(), form_data(self_rating="good", self_score_general="25", self_score_tasks="60")
    )
    response = as_(client, w, "member").get(url())
    assert response.context["rating_warning"] == ""
    assert "self-assessment-rating-warning" not in response.content.decode()


def test_the_warning_follows_the_rating_bands(client, world):
    w = world
    write(w, self_rating="outstanding", self_score_general=25, self_score_tasks=60)
    assert as_(client, w, "member").get(url()).context["rating_warning"]
    rules_update(committee=w.committee, by=w.users["officer"], rating_outstanding_min=85)
    assert as_(client, w, "member").get(url()).context["rating_warning"] == ""
