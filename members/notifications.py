"""Notifications — thông báo: the one function every app sends through (DESIGN §2: in members).

`notify` writes one in-app notification per user and, for users with an e-mail address, sends
one e-mail each after the transaction commits (so a rolled-back write sends nothing).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from members.models import Notification


def notify(*, users, title: str, body: str = "", url: str = "", email: bool = True) -> int:
    """Notify each user once (duplicates in `users` are ignored); returns how many."""
    recipients = {user.pk: user for user in users if user is not None and user.is_active}
    Notification.objects.bulk_create(
        [Notification(user=u, title=title[:300], body=body, url=url) for u in recipients.values()]
    )
    if email:
        text = email_text(body, url)
        for user in recipients.values():
            if user.email:
                transaction.on_commit(lambda u=user: _send(u.email, title, text), robust=True)
    return len(recipients)


def email_text(body: str, url: str) -> str:
    """An e-mail's text: the body, then the link (a path gets `SITE_URL` in front)."""
    link = settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url
    return f"{body}\n\n{link}".strip() if link else body


def _send(address: str, subject: str, text: str) -> None:
    send_mail(subject, text, None, [address], fail_silently=False)


def mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
