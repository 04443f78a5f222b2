"""The interface language a user chose with the navbar's switch, kept on her account (DESIGN §4).

The language of each request is decided in `core.middleware.LanguageMiddleware`; this is the one
write: her choice, saved so that her next session (another day, another browser) speaks it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import INTERFACE_LANGUAGES, User


@transaction.atomic
def language_choose(*, user: User, language: str, by) -> User:
    """Keep `language` ("vi" or "en") as her choice. A user chooses only her own language."""
    if by.pk != user.pk:
        raise ValidationError(_("Only she can choose the language of her interface."))
    if language not in dict(INTERFACE_LANGUAGES):
        raise ValidationError({"language": _("Choose Vietnamese or English.")})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
