"""The demo's quality year (DOMAIN §7): last year's review done, this year's under way.

- Last year: every cell proposed a rating for each member it rates (with its vote), the committee
  decided them within the quota and confirmed the set, and rated the four cells. (Last year's
  self-assessments were written on paper before the app: the service only takes a member's own
  self-assessment while the review is open, so they are not entered.)
- Residence-place comments: last year's all received; this year's received for most members,
  a student studying away exempt, and two still missing (requested).
- This year: `secretary1` has written her self-assessment; the others have not yet (member1
  writes hers in the browser test).

Everything goes through the write services; each step is skipped when already done.
"""

import datetime

from django.contrib.auth import get_user_model

from members.models import Member
from reviews import services
from reviews.cell_ratings import cell_rating_set
from reviews.models import CellRating, Evaluation, Rating, ResidenceComment, ReviewYear
from reviews.records import residence

# The cells' ratings last year, by cell code.
CELL_RATINGS = {
    "CB1": Rating.OUTSTANDING,
    "CB2": Rating.GOOD,
    "CB3": Rating.GOOD,
    "CB4": Rating.COMPLETED,
}
RESIDENCE_CELLS = [
    "Chi bộ thôn 1, xã Krông Bông",
    "Chi bộ thôn 3, xã Krông Bông",
    "Chi bộ buôn Cuôr Đăng, xã Krông Bông",
    "Chi bộ tổ dân phố 2, thị trấn Krông Kmar",
]


def _rating(index: int) -> str:
    """A spread within the quota: 1 in 10 outstanding, 1 in 10 completed, the rest good."""
    if index % 10 == 0:
        return Rating.OUTSTANDING
    if index % 10 == 9:
        return Rating.COMPLETED
    return Rating.GOOD


class DemoReviews:
    def __init__(self, committee, cells: dict, *, by, today: datetime.date):
        self.committee = committee
        self.cells = cells
        self.today = today
        self.last_year = today.year - 1
        User = get_user_model()
        self.officer = User.objects.filter(username="committee").first() or by
        self.secretary = User.objects.filter(username="secretary1").first()

    def seed(self):
        self._last_year()
        self._residence()
        self._self_assessments()

    def _last_year(self):
        year = self.last_year
        if ReviewYear.objects.filter(
            committee=self.committee, year=year, confirmed_at__isnull=False
        ).exists():
            return
        index = 0
        for code in sorted(self.cells):
            cell = self.cells[code]
            date = services.review_date(cell, year)
            # Every member who may vote is present and in favour.
            present = services.proposal_count(cell, year).eligible_present
            for reviewed in services.reviewed_members(cell, date):
                if not reviewed.rated:
                    continue
                services.rating_propose(
                    cell=cell,
                    member=reviewed.member,
                    year=year,
                    rating=_rating(index),
                    votes_yes=present,
                    votes_no=0,
                    votes_abstain=0,
                    by=self.officer,
                )
                index += 1
        decisions = {
            e.pk: e.proposed_rating
            for e in Evaluation.objects.filter(committee=self.committee, year=year, rated=True)
        }
        if decisions:
            services.ratings_confirm(
                committee=self.committee, year=year, decisions=decisions, by=self.officer
            )
        for code, rating in CELL_RATINGS.items():
            cell = self.cells.get(code)
            if cell and not CellRating.objects.filter(cell=cell, year=year).exists():
                cell_rating_set(cell=cell, year=year, rating=rating, by=self.officer)

    def _residence(self):
        """Last year's comments received; this year's received but two (requested)."""
        working = list(
            Member.objects.filter(committee=self.committee, status__in=("official", "probationary"))
            .ordered()
            .select_related("user")
        )
        done = set(
            ResidenceComment.objects.filter(member__in=working).values_list("member_id", "year")
        )
        for year in (self.last_year, self.today.year):
            received_on = (
                datetime.date(year, 11, 15) if year < self.today.year else self.today
            ) - datetime.timedelta(days=5)
            for index, member in enumerate(working):
                if (member.pk, year) in done:
                    continue
                if year == self.today.year and index in (3, 11):
                    residence.residence_request(
                        member=member,
                        year=year,
                        requested_on=max(received_on, datetime.date(year, 1, 1)),
                        by=self.officer,
                    )
                    continue
                if "học sinh" in (member.job_title or "").lower():
                    residence.residence_exempt(
                        member=member,
                        year=year,
                        reason="Học sinh đang học tập tại trường, cư trú tại ký túc xá.",
                        by=self.officer,
                    )
                    continue
                residence.residence_receive(
                    member=member,
                    year=year,
                    received_on=max(received_on, datetime.date(year, 1, 1)),
                    residence_cell=RESIDENCE_CELLS[index % len(RESIDENCE_CELLS)],
                    good=True,
                    text="Gương mẫu chấp hành chủ trương, chính sách, pháp luật; tích cực tham gia "
                    "các hoạt động ở khu dân cư.",
                    by=self.officer,
                )

    def _self_assessments(self):
        """secretary1's self-assessment of this year (the others write theirs themselves)."""
        if self.secretary is None:
            return
        member = getattr(self.secretary, "member", None)
        if member is None:
            return
        year = self.today.year
        if Evaluation.objects.filter(member=member, year=year, submitted_at__isnull=False).exists():
            return
        cell = services._current_cell(member)
        if cell is None or not services.self_assessment_open(cell, year):
            return
        services.self_assessment_save(
            member=member,
            year=year,
            by=self.secretary,
            strengths="Lãnh đạo chi bộ hoàn thành tốt nhiệm vụ chính trị; giữ nền nếp sinh hoạt.",
            shortcomings="Có lúc chưa kiểm tra sát việc thực hiện nhiệm vụ của đảng viên.",
            causes="Khối lượng công việc chuyên môn lớn.",
            remedies="Phân công chi ủy theo dõi từng nhiệm vụ, báo cáo hằng tháng.",
            self_rating=Rating.GOOD,
            self_score_general=27,
            self_score_tasks=60,
        )


def seed_reviews(committee, cells, *, by, today) -> None:
    DemoReviews(committee, cells, by=by, today=today).seed()
