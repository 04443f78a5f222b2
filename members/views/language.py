"""The navbar's language switch (Django's `set_language`, under the same name).

Her choice goes into the language cookie and, when she is logged in, onto her account, so that
her next session speaks it too (`members.language.language_choose`). A GET, or a language the app
does not speak, changes nothing. She is sent back to `next` when it is a safe local path, else to
the home page.
"""

from django.contrib.auth.decorators import login_not_required
from django.views.decorators.http import require_http_methods

from core.language import is_supported, set_language_cookie
from core.redirects import redirect_next
from members.language import language_choose


@login_not_required
@require_http_methods(["GET", "POST"])
def language_set(request):
    response = redirect_next(request, "/")
    language = request.POST.get("language", "")
    if request.method != "POST" or not is_supported(language):
        return response
    if request.user.is_authenticated:
        language_choose(user=request.user, language=language, by=request.user)
    set_language_cookie(response, language)
    return response
