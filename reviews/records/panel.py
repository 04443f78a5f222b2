"""A member's records on her member page — commendations, disciplines and residence-place
comments, as the user may see them (`member_records`: three queries, whatever their number)."""

from dataclasses import dataclass, field

from django.utils import timezone

from members.models import Member
from reviews.models import Commendation, Discipline, ResidenceComment
from reviews.records.access import in_confidential_scope, may_decide, may_edit_residence


@dataclass
class MemberRecords:
    """Her commendations, disciplines and residence-place comments, as the user may see them."""

    commendations: list = field(default_factory=list)
    disciplines: list = field(default_factory=list)
    residence: list = field(default_factory=list)
    can_decide: bool = False
    can_edit_residence: bool = False
    year: int = 0


def member_records(user, member: Member) -> MemberRecords | None:
    """What the member page shows of her records: None for a user who may not see them (another
    member of her cell, a clerk, an observer…); otherwise three queries, whatever their number."""
    if not in_confidential_scope(user, member):
        return None
    return MemberRecords(
        commendations=list(Commendation.objects.visible_to(user).filter(member_id=member.pk)),
        disciplines=list(
            Discipline.objects.visible_to(user)
            .filter(member_id=member.pk)
            .select_related("motion__meeting")
        ),
        residence=list(
            ResidenceComment.objects.visible_to(user).filter(member_id=member.pk).order_by("-year")
        ),
        can_decide=may_decide(user, member),
        can_edit_residence=may_edit_residence(user, member),
        year=timezone.localdate().year,
    )
