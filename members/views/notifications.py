"""Notifications — thông báo: her list, opening one (marks it read), marking all read.

Sending is `members.notifications.notify`; these pages only read and mark her own notifications.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.redirects import is_local_path
from members.models import Notification
from members.notifications import mark_all_read, mark_read

PAGE_SIZE = 25


@require_safe
def notification_list(request):
    """Her notifications, newest first; the unread ones stand out."""
    notifications = Notification.objects.filter(user=request.user).order_by("-created_at", "-pk")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/notification_list.html", {"page": page})


@require_safe
def notification_open(request, pk):
    """Open one of her notifications: it is marked read (an allowed GET side effect, DESIGN §3)
    and she goes where it points, if that is a page of this site."""
    # Scoped to her: someone else's notification is a 404, like one that does not exist.
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    mark_read(notification=notification)
    if is_local_path(notification.url):
        return redirect(notification.url)
    return redirect("members:notifications")


@require_POST
def notifications_read_all(request):
    count = mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("members:notifications")
