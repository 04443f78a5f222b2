"""The official minutes as a DOCX (`minutes_docx`, always in Vietnamese), rendered from the plain
data of `meetings.record.official.content` through the builder of `core.documents`; and its file
name (`docx_filename`).
"""

from __future__ import annotations

from django.utils import translation

from core.documents import (
    OfficialDocument,
)
from core.text import search_key
from meetings.models import (
    Body,
    Meeting,
    Minutes,
)
from meetings.record.official.content import MinutesContent, MonthFees, VoteBlock, minutes_content

FILE_HOLDER = {Body.EXECUTIVE: "DU", Body.COMMITTEE: "DB"}


def _labelled(doc: OfficialDocument, label: str, lines: list[str], **options) -> None:
    """A label then the first paragraph; the further paragraphs on their own."""
    doc.labelled(label, lines[0] if lines else "", **options)
    for line in lines[1:]:
        doc.paragraph(line)


def _vote(doc: OfficialDocument, vote: VoteBlock) -> None:
    doc.labelled(vote.heading, "")
    _labelled(doc, vote.text_label, vote.text, label_bold=False)
    for label, text in vote.lines:
        doc.labelled(label, text, label_bold=False)
    doc.labelled(*vote.result)


def render_docx(content: MinutesContent) -> bytes:
    doc = OfficialDocument(content.header)
    doc.title(content.title, content.subtitle)
    doc.paragraph(content.opening)
    for label, text in content.roles:
        doc.labelled(label, text)
    if content.guests:
        doc.labelled(content.guests_label, "")
        for guest in content.guests:
            doc.paragraph(f"+ {guest}")
    for sentence in content.headcount:
        doc.paragraph(f"- {sentence}")
    doc.heading(content.content_heading)
    for section in content.sections:
        doc.heading(section.heading)
        for item in section.items:
            doc.heading(f"{item.number}. {item.title}")
            for line in item.summary:
                doc.paragraph(line)
            if item.contributions:
                doc.labelled(content.said_label, "", label_bold=False, label_italic=True)
                for said in item.contributions:
                    _labelled(doc, f"- {said.speaker}:", said.text, label_bold=False)
            for vote in item.votes:
                _vote(doc, vote)
            if item.conclusion:
                _labelled(doc, content.conclusion_label, item.conclusion)
        if section.reviews:
            doc.labelled(content.reviews_label, "")
            for reviewed in section.reviews:
                _labelled(doc, f"- {reviewed.task}:", reviewed.outcome, label_bold=False)
        for line in section.fees:
            doc.paragraph(line)
    if content.votes:
        doc.heading(content.votes_heading)
        for vote in content.votes:
            _vote(doc, vote)
    if content.tasks:
        doc.heading(content.tasks_heading)
        for assigned in content.tasks:
            doc.labelled(f"- {assigned.task}:", assigned.line, label_bold=False)
            for line in assigned.details:
                doc.paragraph(line)
    if content.quality:
        doc.labelled(*content.quality)
    if content.closing:
        doc.paragraph(content.closing)
    if content.approval:
        doc.paragraph(content.approval, italic=True)
    doc.signatures(content.clerk_signature, content.chair_signature)
    if content.amendments:
        doc.heading(content.amendments_heading, space_before=18)
        for amendment in content.amendments:
            doc.paragraph(f"- {amendment.sentence}")
    return doc.to_bytes()


def minutes_docx(
    meeting: Meeting, minutes: Minutes | None = None, fees: MonthFees | None = None
) -> bytes:
    """The official minutes as a DOCX, always in Vietnamese; `fees`: the month's party fees
    (section c), passed in by the view."""
    with translation.override("vi"):
        return render_docx(minutes_content(meeting, minutes, fees))


def docx_filename(meeting: Meeting) -> str:
    """ "bien-ban-2026-03-CB1.docx" — ASCII only (the cell's code; ĐU / ĐB for the committee)."""
    holder = meeting.cell.code if meeting.body == Body.CELL else FILE_HOLDER[meeting.body]
    holder = "".join(ch if ch.isalnum() else "-" for ch in search_key(holder).upper())
    holder = holder.encode("ascii", "ignore").decode().strip("-") or "chibo"
    return f"bien-ban-{meeting.date:%Y-%m}-{holder}.docx"
