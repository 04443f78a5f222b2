"""Where the "Party fees" links lead (the navbar, the cell and committee pages): answered from
the user's access, already computed for the request — no query."""

from django import template
from django.urls import reverse

from fees import access as fee_access
from members.access import access_for

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def fees_home(context) -> str:
    """The user's fee page: her committee's register (officers, observers), her cell's register
    (cell officers), else her own fees (a member); "" when she has none."""
    acc = access_for(_user(context))
    committees = acc.officer_committees | acc.observer_committees
    if committees:
        return reverse("fees:committee_register", args=[min(committees)])
    if acc.officer_cells:
        return reverse("fees:cell_register", args=[min(acc.officer_cells)])
    if acc.member_id:
        return reverse("fees:member_fees", args=[acc.member_id])
    return ""


@register.simple_tag(takes_context=True)
def fees_cell_url(context, cell) -> str:
    """The cell's fee register, for those who read it; else ""."""
    user = _user(context)
    if user is None or not fee_access.may_see_register(user, cell):
        return ""
    return reverse("fees:cell_register", args=[cell.pk])


@register.simple_tag(takes_context=True)
def fees_committee_url(context, committee) -> str:
    """The committee's fee register, for its officers and observers; else ""."""
    user = _user(context)
    if user is None or not fee_access.may_see_committee_register(user, committee):
        return ""
    return reverse("fees:committee_register", args=[committee.pk])
