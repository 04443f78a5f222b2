"""Running `seed_demo` in a test, and counting what it wrote (a second run must write nothing)."""

import io

from django.core.management import call_command

from cells.models import Cell, Committee, Superior, SuperiorBody, Term
from fees.models import FeeBasis, FeeExcuse, FeePayment, Remittance
from meetings.models import (
    AgendaItem,
    Amendment,
    Attendance,
    Contribution,
    Document,
    Guest,
    Meeting,
    Minutes,
    Motion,
    ReadReceipt,
    Resolution,
    Task,
    TaskAssignment,
    TaskReview,
)
from members.models import (
    CellMembership,
    CommitteeRole,
    Member,
    Position,
    StatusEvent,
    SuperiorRole,
    Transfer,
    User,
)
from reviews.models import Evaluation, ResidenceComment

# The organisation and the members (with their audit rows).
ORGANISATION = [
    Committee,
    Cell,
    Term,
    Superior,
    SuperiorBody,
    User,
    CommitteeRole,
    SuperiorRole,
    Member,
    CellMembership,
    StatusEvent,
    Position,
    Transfer,
]
# What was recorded at the meetings (issue 7) and what they decided (issue 8): approved minutes
# are locked, so nothing is redone.
RECORDED = [
    Minutes,
    Attendance,
    Guest,
    Contribution,
    Amendment,
    Motion,
    Resolution,
    Task,
    TaskAssignment,
    TaskReview,
]


def seed() -> str:
    """Run `seed_demo` — the school alone: the commune's other committees are tested in
    test_commune.py; what it printed."""
    out = io.StringIO()
    call_command("seed_demo", without_commune=True, stdout=out)
    return out.getvalue()


def counts() -> dict:
    """Every row the demo writes, with the audit rows and the dates it backdates."""
    counts = {model.__name__: model.objects.count() for model in ORGANISATION}
    counts["history"] = sum(
        model.history.count() for model in ORGANISATION if hasattr(model, "history")
    )
    # This year's meetings.
    counts["Meeting"] = Meeting.objects.count()
    counts["AgendaItem"] = AgendaItem.objects.count()
    counts["presenters"] = Meeting.presenters.through.objects.count()
    counts["Meeting.history"] = Meeting.history.count()
    counts["AgendaItem.history"] = AgendaItem.history.count()
    counts["meetings"] = sorted(Meeting.objects.values_list("pk", "date", "status"))
    # The demo year's dates (backdated once) and read receipts: a second run moves none.
    counts["approvals"] = sorted(Minutes.objects.values_list("pk", "ready_at", "approved_at"))
    counts["receipts"] = sorted(ReadReceipt.objects.values_list("pk", "opened_at"))
    counts["documents"] = sorted(Document.objects.values_list("pk", "uploaded_at"))
    for model in RECORDED:
        counts[model.__name__] = model.objects.count()
        counts[f"{model.__name__}.history"] = model.history.count()
    # The review year (issue 9).
    counts["Evaluation"] = Evaluation.objects.count()
    counts["Evaluation.history"] = Evaluation.history.count()
    counts["ResidenceComment"] = ResidenceComment.objects.count()
    # The party fees (demo.fees).
    for model in (FeeBasis, FeePayment, FeeExcuse, Remittance):
        counts[model.__name__] = model.objects.count()
        counts[f"{model.__name__}.history"] = model.history.count()
    return counts
