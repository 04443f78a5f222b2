"""The month's party fees on the meeting's pages (DOMAIN §4 section c, §8).

A regular meeting of a cell collects the month's fees: its page shows the collection at a glance
(who paid of those due, the amounts; the names of those who have not paid yet only for the cell's
and the committee's officers), and its minutes — the page, the print view, the DOCX — state the
month's totals in section (c). The meetings app never reads the fees (DESIGN §2): these views
ask `fees.selectors.month_collection` and pass plain values on.
"""

from fees import access as fee_access
from fees import selectors as fee_selectors
from meetings.models import AgendaItem, Body, Kind, Meeting
from meetings.record.official.content import MonthFees


def collects_fees(meeting: Meeting) -> bool:
    """A regular meeting of a cell: the month's fees are collected at it."""
    return meeting.body == Body.CELL and meeting.kind == Kind.REGULAR and meeting.cell_id


def month_collection(meeting: Meeting):
    """`fees.selectors.MonthCollection` of the meeting's cell and month, or None."""
    if not collects_fees(meeting):
        return None
    return fee_selectors.month_collection(meeting.cell, meeting.month or meeting.date)


def month_fees(collection) -> MonthFees | None:
    """The collection's totals as the official minutes state them."""
    if collection is None:
        return None
    return MonthFees(
        month=collection.month,
        paid_count=collection.paid_count,
        due_count=collection.due_count,
        paid_total=collection.paid_total,
        due_total=collection.due_total,
    )


def meeting_fees(meeting: Meeting) -> MonthFees | None:
    return month_fees(month_collection(meeting))


def fee_collection_context(user, meeting: Meeting) -> dict:
    """The meeting page's section (c) collection: the totals for whoever sees the meeting, the
    names of those missing for the cell's and the committee's officers (`fees.access`)."""
    collection = month_collection(meeting)
    return {
        "fee_collection": collection,
        "fee_section": AgendaItem.Section.PARTY,
        "fee_names": collection is not None and fee_access.may_see_register(user, meeting.cell),
        "fee_register": collection is not None and fee_access.may_record(user, meeting.cell),
    }
