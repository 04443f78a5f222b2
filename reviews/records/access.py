"""Who may do what with the records of `reviews.records` — the questions the views ask, answered
from the user's access (`members.access`): see the residence-place list, edit a member's
residence-place comment, decide commendations and discipline, see a member's confidential
records. The writes themselves do not check the user."""

from members.access import access_for, can_act_on_member, current_cell_id
from members.models import Member


def may_see_residence_list(user) -> bool:
    """The officers of a cell (its members) and the committee's officers (every cell)."""
    acc = access_for(user)
    return bool(acc.officer_committees or acc.officer_cells)


def may_edit_residence(user, member: Member) -> bool:
    """Her cell's secretary or deputy, or an officer of her committee."""
    acc = access_for(user)
    return (
        member.committee_id in acc.officer_committees or current_cell_id(member) in acc.editor_cells
    )


def may_decide(user, member: Member) -> bool:
    """Commendations and discipline are recorded by the officers of her committee, within the one
    rule for acting on a member's record (`members.access.can_act_on_member`)."""
    return member.committee_id in access_for(user).officer_committees and can_act_on_member(
        user, member
    )


def in_confidential_scope(user, member: Member) -> bool:
    """The rule of `MemberRecordQuerySet.visible_to` for one member (no query): herself, the
    officers of her current cell and of her committee."""
    acc = access_for(user)
    return (
        member.pk == acc.member_id
        or member.committee_id in acc.officer_committees
        or current_cell_id(member) in acc.officer_cells
    )
