"""The user guide's template tags.

- `{% guide_link "secretary" "publish" %}`: the small "Guide" link (icon + text) that the pages
  the guide explains carry, opening the role's page at that section (`id="secretary-publish"`).
- `{% guide_shot "secretary-home" "caption" %}`: a screenshot of the registry
  (`dashboard.guide.shots`) as a figure with its caption; the picture is the one the browser test
  took. `tests/dashboard/test_guide.py` reads the templates for both tags.
"""

from django import template
from django.templatetags.static import static
from django.urls import reverse

from dashboard.guide.pages import ROLES
from dashboard.guide.shots import SHOTS, static_path

register = template.Library()


@register.inclusion_tag("guide/_link.html")
def guide_link(role, anchor="", css=""):
    if role not in ROLES:
        raise template.TemplateSyntaxError(f"guide_link: unknown role {role!r}")
    url = reverse("dashboard:guide_role", args=[role])
    return {"url": f"{url}#{role}-{anchor}" if anchor else url, "css": css}


@register.inclusion_tag("guide/_shot.html")
def guide_shot(name, caption):
    shot = SHOTS.get(name)
    if shot is None:
        raise template.TemplateSyntaxError(f"guide_shot: unknown screenshot {name!r}")
    return {
        "src": static(static_path(name)),
        "caption": caption,
        "shot": shot,
        "phone": shot.width < 600,
    }
