"""Who may see and record party fees (DOMAIN §8, DESIGN §3), answered from `members.access`.

A member's base amount and amounts due reveal her salary: only she and the officers of her cell
and of her committee see them (not the committee's clerk, not an observer, not other members, not
a superuser without an office). The register of a cell: its officers and the committee's
officers. Payments are recorded by the cell's secretary or deputy (at the meeting) and by the
committee's officers. The committee's register of remittances holds totals only: the committee's
officers record it; its observers read it. The writes themselves (`fees.services`) do not check
the user.
"""

from cells.models import Cell, Committee
from members.access import access_for, can_act_on_member, can_see_personal, current_cell_id
from members.models import Member


def may_see_amounts(user, member: Member) -> bool:
    """Her fee basis, amounts due and paid: herself, her cell's officers, her committee's."""
    acc = access_for(user)
    return (
        member.pk == acc.member_id
        or member.committee_id in acc.officer_committees
        or current_cell_id(member) in acc.officer_cells
    )


def may_see_paid_up_to(user, member: Member) -> bool:
    """ "Paid up to month …" (no amount): whoever sees her personal fields (herself, her cell's
    officers, the committee's registry — it goes on her transfer letter)."""
    return can_see_personal(user, member)


def may_set_basis(user, member: Member) -> bool:
    """Her category and base amount: her cell's secretary or deputy or her committee's officers,
    within the one rule for acting on a member (`can_act_on_member`)."""
    acc = access_for(user)
    in_scope = member.committee_id in acc.officer_committees or (
        current_cell_id(member) in acc.editor_cells
    )
    return in_scope and can_act_on_member(user, member)


def may_see_register(user, cell: Cell) -> bool:
    acc = access_for(user)
    return cell.committee_id in acc.officer_committees or cell.pk in acc.officer_cells


def may_record(user, cell: Cell) -> bool:
    """Record, reverse and excuse payments, and the cell's remittance: the cell's secretary and
    deputy, the committee's officers."""
    acc = access_for(user)
    return cell.committee_id in acc.officer_committees or cell.pk in acc.editor_cells


def may_see_committee_register(user, committee: Committee) -> bool:
    acc = access_for(user)
    return committee.pk in acc.officer_committees or committee.pk in acc.observer_committees


def may_record_committee_remittance(user, committee: Committee) -> bool:
    return committee.pk in access_for(user).officer_committees
