"""The scale generator's quality year, supervision and library (`demo.scale.reviews`,
`demo.scale.library`): the rows are what the services would have written, and the pages show
them to the benchmark's personas."""

import datetime
from collections import Counter

import pytest
from django.core.files.storage import default_storage
from django.db import connection, models
from django.urls import reverse

from cells.models import Cell, Committee
from cells.rules import rules_for
from core.text import search_key
from demo.scale import library as scale_library
from demo.scale import reviews as scale_reviews
from demo.scale.generate import generate
from demo.scale.plan import BENCH_USERS, Plan
from library.models import (
    LibraryDocument,
    LibraryFile,
    StudyCampaign,
    StudyParticipant,
    TrainingCourse,
)
from library.training.selectors import level_follows_courses
from meetings.models import Body, Motion
from members.models import Member, User
from reviews import quota, services
from reviews.models import (
    CellRating,
    Commendation,
    Evaluation,
    ResidenceComment,
    ReviewYear,
    SupervisionItem,
    SupervisionProgramme,
    SupervisionRecord,
)
from reviews.supervision.progress import ItemState, programme_items
from tests.demo.conftest import SCALE_TODAY, dangling_references

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

PAST = SCALE_TODAY.year - 1


@pytest.fixture(scope="module")
def plan(module_db):
    """Two years (so that one of them is past and reviewed): 3 committees of 166 members."""
    if connection.vendor != "postgresql":
        pytest.skip("generate_scale_data needs PostgreSQL")
    plan = Plan(members=500, years=2, seed=7, today=SCALE_TODAY)
    generate(plan, lambda line: None)
    return plan


def _login(client, persona: str):
    client.force_login(User.objects.get(username=BENCH_USERS[persona]))


# --- the quality year ------------------------------------------------------------------------


def test_past_years_only_are_reviewed(plan):
    assert scale_reviews.past_years(plan) == [PAST]
    assert scale_reviews.past_years(Plan(members=500, years=1, seed=7, today=SCALE_TODAY)) == []
    january = Plan(members=500, years=2, seed=7, today=datetime.date(2027, 1, 3))
    assert scale_reviews.past_years(january) == [2026]
    assert set(Evaluation.objects.values_list("year", flat=True)) == {PAST, SCALE_TODAY.year}
    # This year: self-assessments written since mid-November, nothing proposed or decided.
    open_year = Evaluation.objects.filter(year=SCALE_TODAY.year)
    assert 0 < open_year.count() < Member.objects.count()
    assert not open_year.filter(submitted_at=None).exists()
    assert not open_year.exclude(proposed_rating="", final_rating="").exists()
    confirmed = ReviewYear.objects.filter(year=PAST, confirmed_at__isnull=False)
    assert confirmed.count() == plan.committees
    assert not ReviewYear.objects.filter(year=SCALE_TODAY.year).exists()


def test_every_member_of_a_cell_on_its_review_date_is_evaluated(plan):
    for cell in Cell.objects.filter(committee_id=1):
        date = services.review_date(cell, PAST)
        reviewed = services.reviewed_members(cell, date)
        evaluations = {e.member_id: e for e in Evaluation.objects.filter(cell=cell, year=PAST)}
        assert set(evaluations) == {r.member.pk for r in reviewed}
        for r in reviewed:
            assert evaluations[r.member.pk].rated == r.rated


def test_ratings_within_the_quota_and_the_bands(plan):
    for committee in Committee.objects.all():
        rules = rules_for(committee)
        rated = Evaluation.objects.filter(committee=committee, year=PAST, rated=True)
        check = quota.check(
            rated.values_list("final_rating", flat=True), rules.outstanding_quota_percent
        )
        assert check.ok, check.working
        assert check.outstanding > 0
        assert not rated.filter(models.Q(final_rating="") | models.Q(proposed_rating="")).exists()
        for e in rated.exclude(submitted_at=None):
            assert e.self_score_general <= rules.self_score_general_points
            assert e.self_score_tasks <= rules.self_score_task_points
            band = quota.rating_for_score(
                e.self_score,
                outstanding_min=rules.rating_outstanding_min,
                good_min=rules.rating_good_min,
                pass_min=rules.rating_pass_min,
            )
            assert e.self_rating == band
            assert e.submitted_at < e.proposed_at < e.decided_at
    levels = Counter(Evaluation.objects.filter(rated=True).values_list("final_rating", flat=True))
    assert levels["good"] > levels["outstanding"] > 0
    assert levels["completed"] > 0


def test_votes_are_counted_as_the_rules_engine_counts_them(plan):
    """The tally passes, and its working is the engine's, word for word."""
    sample = Evaluation.objects.filter(year=PAST, rated=True).select_related("cell__committee")
    sample = list(sample.order_by("pk")[::40])
    assert sample
    for evaluation in sample:
        outcome = services.proposal_count(
            evaluation.cell,
            PAST,
            yes=evaluation.votes_yes,
            no=evaluation.votes_no,
            abstain=evaluation.votes_abstain,
        )
        assert outcome.passed
        assert evaluation.vote_working == outcome.working


def test_cell_ratings_residence_and_commendations(plan):
    assert CellRating.objects.filter(year=PAST).count() == plan.cells
    statuses = Counter(ResidenceComment.objects.filter(year=PAST).values_list("status", flat=True))
    assert statuses["received"] > statuses["requested"] > 0
    assert statuses["exempt"] > 0
    this_year = ResidenceComment.objects.filter(year=SCALE_TODAY.year)
    assert this_year.filter(status="requested").exists()
    assert not this_year.filter(received_on__gt=SCALE_TODAY).exists()
    commended = Commendation.objects.filter(year=PAST)
    assert commended.exists()
    outstanding = Evaluation.objects.filter(year=PAST, final_rating="outstanding")
    assert set(commended.values_list("member_id", flat=True)) <= set(
        outstanding.values_list("member_id", flat=True)
    )


# --- supervision ---------------------------------------------------------------------------------


def test_programmes_adopted_at_their_bodys_meeting(plan):
    programmes = SupervisionProgramme.objects.select_related("motion__meeting")
    assert programmes.count() == (plan.committees + plan.cells) * 2
    for programme in programmes:
        assert programme.is_adopted
        meeting = programme.motion.meeting
        assert meeting.date.year == programme.year
        if programme.cell_id:
            assert (meeting.body, meeting.cell_id) == (Body.CELL, programme.cell_id)
        else:
            assert meeting.body in (Body.EXECUTIVE, Body.COMMITTEE)
        assert programme.motion.passed
        assert programme.motion.denominator <= programme.motion.official_count


def test_items_done_under_way_and_their_records(plan):
    states = Counter()
    for programme in SupervisionProgramme.objects.filter(committee_id=1):
        for item in programme_items(programme):
            states[(programme.year, item.state)] += 1
            subjects = set(item.subject_members.values_list("pk", flat=True))
            assert not subjects & set(item.supervisors.values_list("pk", flat=True))
            assert bool(subjects) != bool(item.subject_cell_id)
    # The past year's items are all done; this December some are still under way.
    assert states[(PAST, ItemState.DONE)] > 0
    assert states[(PAST, ItemState.UNDER_WAY)] == states[(PAST, ItemState.NOT_STARTED)] == 0
    assert states[(SCALE_TODAY.year, ItemState.UNDER_WAY)] > 0
    records = SupervisionRecord.objects.all()
    assert not records.filter(recorded_on__gt=SCALE_TODAY).exists()
    assert not records.filter(followup_done_on__gt=SCALE_TODAY).exists()
    overdue = records.filter(followup_deadline__lt=SCALE_TODAY, followup_done_on=None)
    done = records.exclude(followup_done_on=None)
    assert done.count() > overdue.count() > 0
    member = Member.objects.get(user__username=BENCH_USERS["member"])
    assert records.filter(member=member, item__programme__year=PAST).exists()


# --- the library ---------------------------------------------------------------------------------


def test_search_text_is_what_save_computes(plan):
    documents = LibraryDocument.objects.select_related("resolution")
    assert documents.filter(committee_id=1).count() >= 10
    for document in documents:
        code = document.resolution.code if document.resolution_id else ""
        parts = [document.title, document.number, code, document.summary]
        assert document.search_text == search_key(" ".join(parts)), document.pk
    assert documents.filter(kind="resolution").exists()
    assert documents.filter(audience="officers").exists()
    assert documents.filter(kind="rules", superseded_by__isnull=False).exists()


def test_search_with_and_without_diacritics(plan):
    vietnamese = LibraryDocument.objects.filter(committee_id=1).search("chỉ thị tham nhũng")
    plain = LibraryDocument.objects.filter(committee_id=1).search("chi thi tham nhung")
    assert set(vietnamese) == set(plain) != set()


def test_files_point_to_one_real_pdf(plan):
    files = LibraryFile.objects.all()
    assert files.count() == LibraryDocument.objects.count()
    assert set(files.values_list("file", flat=True)) == {scale_library.SAMPLE_FILE}
    with default_storage.open(scale_library.SAMPLE_FILE) as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    assert set(files.values_list("kind", "size")) == {("pdf", len(content))}


def test_a_campaign_a_year_for_every_member(plan):
    assert StudyCampaign.objects.count() == plan.committees * 2
    for campaign in StudyCampaign.objects.filter(committee_id=1):
        expected = Member.objects.filter(
            committee_id=1, admitted_on__lte=campaign.starts_on
        ).count()
        rows = StudyParticipant.objects.filter(campaign=campaign)
        assert rows.count() == expected
        studied = rows.exclude(studied_at=None)
        assert rows.count() > studied.count() > rows.count() * 0.8
        assert studied.exclude(studied_recorded_by=None).exists()


def test_training_keeps_the_level_on_record(plan):
    courses = TrainingCourse.objects.select_related("member")
    theory = courses.filter(kind__in=["elementary", "intermediate", "advanced"])
    assert theory.exists()
    for course in theory[:50]:
        assert course.kind == course.member.theory_level
    member = theory.exclude(end_date=None).first().member
    assert level_follows_courses(member)
    assert courses.filter(kind="new_member", member__status="probationary").exists()


def test_every_reference_resolves(plan):
    """Foreign keys and many-to-many rows of these tables point to rows that exist."""
    tables = [
        ReviewYear,
        Evaluation,
        CellRating,
        ResidenceComment,
        Commendation,
        SupervisionProgramme,
        SupervisionItem,
        SupervisionItem.subject_members.through,
        SupervisionItem.supervisors.through,
        SupervisionRecord,
        Motion,
        LibraryDocument,
        LibraryFile,
        StudyCampaign,
        StudyParticipant,
        TrainingCourse,
    ]
    assert dangling_references(tables) == {}


# --- the pages -----------------------------------------------------------------------------------


def _page(plan, name):
    """(url, a text the page shows from the generated data)."""
    document = LibraryDocument.objects.filter(committee_id=1, kind="superior").latest("issued_on")
    campaign = StudyCampaign.objects.filter(committee_id=1).latest("starts_on")
    programme = SupervisionProgramme.objects.get(cell_id=1, year=PAST)
    record = SupervisionRecord.objects.filter(item__programme=programme).order_by("pk").first()
    cell = Cell.objects.get(pk=1)
    mine = SupervisionRecord.objects.filter(
        member__user__username=BENCH_USERS["member"], item__programme__year=PAST
    ).first()
    pages = {
        "library": (reverse("library:documents"), document.number),
        "search": (reverse("library:documents") + "?q=chỉ thị tham nhũng", "CT/HU"),
        "search_plain": (reverse("library:documents") + "?q=chi thi tham nhung", "CT/HU"),
        "document": (reverse("library:document", args=[document.pk]), document.title),
        "campaign": (reverse("library:campaign_detail", args=[campaign.pk]), campaign.title),
        "progress": (reverse("library:campaign_progress", args=[campaign.pk]), cell.name),
        "year": (reverse("reviews:year", args=[PAST]), "tán thành"),
        "report": (reverse("reviews:report", args=[PAST]), cell.name),
        "cell_review": (reverse("reviews:cell_review", args=[PAST, 1]), "thông qua"),
        "residence": (reverse("reviews:residence_list", args=[PAST]), "Chi bộ"),
        "supervision": (reverse("reviews:supervision_home") + f"?year={PAST}", cell.name),
        "programme": (
            reverse("reviews:supervision_programme", args=[programme.pk]),
            programme.items.first().content,
        ),
        "record": (reverse("reviews:supervision_record", args=[record.pk]), record.findings),
        # The member's own records (she is the one supervised).
        "my_supervision": (reverse("reviews:supervision_home"), mine.get_absolute_url()),
        "my_record": (mine.get_absolute_url(), mine.findings),
    }
    return pages[name]


@pytest.mark.parametrize(
    ("persona", "names"),
    [
        (
            "committee",
            [
                "library",
                "search",
                "search_plain",
                "document",
                "campaign",
                "progress",
                "year",
                "report",
                "cell_review",
                "residence",
                "supervision",
                "programme",
                "record",
            ],
        ),
        (
            "secretary",
            ["library", "progress", "cell_review", "residence", "supervision", "programme"],
        ),
        (
            "member",
            ["library", "search_plain", "document", "campaign", "my_supervision", "my_record"],
        ),
    ],
)
def test_pages_show_the_data(plan, client, persona, names):
    _login(client, persona)
    for name in names:
        url, text = _page(plan, name)
        response = client.get(url)
        assert response.status_code == 200, (persona, name)
        assert text in response.content.decode(), (persona, name)


def test_file_download_and_closed_pages(plan, client):
    document = LibraryDocument.objects.filter(committee_id=1, kind="superior").first()
    file = document.files.get()
    _login(client, "member")
    response = client.get(reverse("library:file_download", args=[document.pk, file.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # Evaluations are the committee's officers': not a member's, not a superior's.
    assert client.get(reverse("reviews:year", args=[PAST])).status_code == 403
    _login(client, "superior")
    assert client.get(reverse("reviews:year", args=[PAST])).status_code == 403
