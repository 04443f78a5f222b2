"""The text size a user chose — "chữ lớn" (issue 24 part 3), kept on her account.

Large text is larger type, larger touch targets and a simpler layout on every page she opens
(`templates/base.html` puts the class `text-large` on the page's <html>; `static/css/chibo.css`
draws it). This is the one write: her choice, saved so that every session of hers (another day,
another phone) shows it. It touches no cached part of a page (`User.data_scope_ignored_fields`).
"""

from django.db import transaction

from members.models import User


@transaction.atomic
def user_set_large_text(*, user: User, on: bool) -> User:
    """Turn large text on (`on=True`) or off for `user`; nothing is written when it already is."""
    if not isinstance(on, bool):
        raise TypeError(f"on must be True or False, not {on!r}")
    if user.large_text != on:
        user.large_text = on
        user.save(update_fields=["large_text"])
    return user
