"""Where the "Reports" link of the navbar leads: answered from the user's access, already computed
for the request — no query."""

from django import template
from django.urls import reverse

from members.access import access_for

register = template.Library()


@register.simple_tag(takes_context=True)
def reports_home(context) -> str:
    """The periodic reports of the user's committee, for its officers and observers; "" for the
    others."""
    request = context.get("request")
    acc = access_for(getattr(request, "user", None))
    committees = acc.officer_committees | acc.observer_committees
    if not committees:
        return ""
    return reverse("reports:committee", args=[min(committees)])
