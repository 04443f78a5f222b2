"""Home page: what the user may see, at a glance."""

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from cells.models import Cell, Term
from members import access


def home(request):
    today = timezone.localdate()
    committees = list(
        access.visible_committees(request.user)
        .annotate(
            active_cells=Count("cells", filter=Q(cells__status=Cell.Status.ACTIVE), distinct=True)
        )
        .order_by("name")
    )
    current_terms = {
        t.committee_id: t for t in Term.objects.filter(committee__in=committees).containing(today)
    }
    rows = [(c, current_terms.get(c.pk)) for c in committees]
    return render(request, "dashboard/home.html", {"rows": rows, "today": today})
