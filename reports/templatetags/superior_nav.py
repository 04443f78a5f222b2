"""Where the "Superior dashboard" link of the navbar leads (issue 22): for a user whose only office
is a superior grant (`members.access.only_superior_grants`; one query, only for users without any
office in a committee)."""

from django import template
from django.urls import reverse

from members.access import only_superior_grants

register = template.Library()


@register.simple_tag(takes_context=True)
def superior_home(context) -> str:
    """The superior's dashboard, or "" for everyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not only_superior_grants(user):
        return ""
    return reverse("reports:superior_home")
