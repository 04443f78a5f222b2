"""Large text — "chữ lớn" — on or off, from her menu or her profile (issue 24 part 3).

A POST with `on` = "1" (large text on) or "0" (off), saved on her account
(`members.text_size.user_set_large_text`). She is sent back to `next` when it is a safe local
path, else to her home; any other value of `on` changes nothing and says so.
"""

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.redirects import redirect_next
from members.text_size import user_set_large_text

CHOICES = {"1": True, "0": False}


@require_POST
def text_size_set(request):
    response = redirect_next(request, reverse("dashboard:home"))
    on = CHOICES.get(request.POST.get("on"))
    if on is None:
        messages.error(request, _("Choose whether large text is on or off."))
        return response
    user_set_large_text(user=request.user, on=on)
    messages.success(request, _("Large text is on.") if on else _("Large text is off."))
    return response
