"""The study campaigns of a library document, for its page (`library/_document_campaigns.html`):
the document page is `library.views.documents`'; its campaigns come from here, one query."""

from dataclasses import dataclass

from django import template

from library import access as library_access
from library.study import selectors

register = template.Library()


@dataclass
class DocumentCampaigns:
    campaigns: list
    may_start: bool


@register.simple_tag(takes_context=True)
def document_campaigns(context, document) -> DocumentCampaigns:
    """The campaigns on `document` the user sees (with their counts) and whether she may start
    one (the committee's officers, on a document open to all members)."""
    user = context["request"].user
    return DocumentCampaigns(
        campaigns=list(selectors.document_campaigns(document, user)),
        may_start=library_access.may_start_campaign(user, document),
    )
