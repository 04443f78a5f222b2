"""Where the "Library" link of the navbar leads: answered from the user's access, already computed
for the request — no query."""

from django import template
from django.urls import reverse

from library import access as library_access

register = template.Library()


@register.simple_tag(takes_context=True)
def library_home(context) -> str:
    """The library list for whoever reads some committee's documents; "" for the others."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not library_access.library_section_visible(user):
        return ""
    return reverse("library:documents")
