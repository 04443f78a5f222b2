"""Template context every page needs."""

from django.conf import settings


def navigation(request):
    """The current section (for the navbar) and the site name."""
    match = getattr(request, "resolver_match", None)
    return {
        "nav_section": match.namespace if match else "",
        "SITE_NAME": getattr(settings, "SITE_NAME", "chibo"),
    }
