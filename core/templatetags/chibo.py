"""Template helpers used across apps (no rules are computed here)."""

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + urlencode(sorted(query.items()), doseq=False) if query else "?"


@register.filter
def verbose(obj, field_name):
    """The translated verbose name of a model field: {{ cell|verbose:"founded_on" }}."""
    return obj._meta.get_field(field_name).verbose_name


@register.filter
def get_item(mapping, key):
    """A value of a dict by key: {{ counts|get_item:cell.pk }}."""
    return mapping.get(key) if mapping else None


def vnd_number(amount) -> str:
    """An amount of đồng with the Vietnamese thousands separator: 120000 → "120.000"."""
    return f"{int(amount):,}".replace(",", ".")


@register.filter
def money(amount):
    """An amount of đồng as the app shows it (DOMAIN §12): {{ 120000|money }} → "120.000 đ";
    "—" when there is none (None or "")."""
    if amount is None or amount == "":
        return "—"
    try:
        return f"{vnd_number(amount)} đ"
    except (TypeError, ValueError):
        return "—"
