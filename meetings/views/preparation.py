"""Members prepare: "studied the documents" and prepared comments on agenda items (DOMAIN §4.3).

The meeting page shows a member of the meeting's body her own mark and comments, with the
controls while the meeting is published and has not started; the officers who prepare the meeting
see who has studied the documents and every comment under its item. Both actions are plain POST
forms that also carry `hx-post`: with htmx the answer is the partial the page includes (the card
`_preparation.html`, an item's `_item_comments.html`), without JavaScript a redirect with a message.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import apply_service_errors, posted
from meetings import access as meeting_access
from meetings.models import AgendaItem, Meeting, PreparedComment, Status, StudyMark
from meetings.planning import preparation
from meetings.selectors import body_members
from members import access
from members.models import Member


class CommentForm(forms.Form):
    """The no-JS page's form; the service checks the length and the rules."""

    text = forms.CharField(
        label=gettext_lazy("Your prepared comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": preparation.COMMENT_MAX_LENGTH}),
        help_text=gettext_lazy(
            "Only you and the officers who prepare the meeting read it. "
            "Empty it and save to remove it."
        ),
    )


# --- what the meeting page shows --------------------------------------------------------------


def _closed_reason(meeting: Meeting) -> str:
    if meeting.status == Status.DRAFT:
        return _("Members prepare once the meeting is published.")
    return _("The meeting has started: preparation is closed.")


def _items_context(request, meeting: Meeting, *, can_edit: bool) -> dict:
    """What each item's `_item_comments.html` needs: the comments the user may read (one query),
    her own, and whether she may still write."""
    member_id = access.access_for(request.user).member_id
    is_member = preparation.is_body_member(meeting, member_id)
    comments = preparation.comments_for(meeting, request.user)
    mine = {
        item_id: comment
        for item_id, item_comments in comments.items()
        for comment in item_comments
        if comment.member_id == member_id
    }
    return {
        "prep_is_member": is_member,
        "prep_sees_all": can_edit,
        "can_prepare": is_member and preparation.is_open(meeting),
        "prep_closed_reason": _closed_reason(meeting),
        "prep_comments": comments,
        "prep_mine": mine,
    }


def preparation_context(request, meeting, *, can_edit: bool) -> dict:
    """The members' preparation on the meeting page, in a constant number of queries.

    `can_edit`: the user prepares this meeting (its officers) — she sees who studied the
    documents and every comment, with names.
    """
    context = _items_context(request, meeting, can_edit=can_edit)
    member_id = access.access_for(request.user).member_id
    mark = None
    if can_edit:
        marks = list(
            StudyMark.objects.filter(meeting=meeting)
            .select_related("member")
            .order_by("member__name_sort", "pk")
        )
        mark = next((m for m in marks if m.member_id == member_id), None)
        context.update(
            prep_studied=marks,
            prep_studied_count=len(marks),
            prep_body_size=body_members(meeting).count(),
            prep_comment_count=sum(len(c) for c in context["prep_comments"].values()),
        )
    elif context["prep_is_member"]:
        mark = StudyMark.objects.filter(meeting=meeting, member_id=member_id).first()
    context["prep_mark"] = mark
    return context


# --- actions -----------------------------------------------------------------------------------


def _body_member(request, meeting: Meeting) -> Member:
    """The user's member record if she belongs to the meeting's body; 403 for anyone else who
    may see the meeting (officers of the committee, observers)."""
    member_id = access.access_for(request.user).member_id
    if not preparation.is_body_member(meeting, member_id):
        raise PermissionDenied
    return Member.objects.get(pk=member_id)


def _meeting_url(meeting: Meeting, anchor: str) -> str:
    return f"{meeting.get_absolute_url()}#{anchor}"


def _card(request, meeting: Meeting, *, notice: str = "", errors=()):
    """The preparation card, freshly read: what an htmx request swaps into `#preparation`."""
    can_edit = meeting_access.can_edit_meeting(request.user, meeting)
    context = {
        "meeting": meeting,
        **preparation_context(request, meeting, can_edit=can_edit),
        "prep_notice": notice,
        "prep_errors": list(errors),
    }
    return render(request, "meetings/_preparation.html", context)


@require_POST
def study_mark_view(request, pk):
    """Đã nghiên cứu tài liệu: a member of the body marks the documents studied (idempotent)."""
    meeting = meeting_access.get_meeting_for_user(request.user, pk)
    member = _body_member(request, meeting)
    try:
        preparation.study_mark(meeting=meeting, member=member, by=request.user)
    except ValidationError as error:
        if request.htmx:
            return _card(request, meeting, errors=error.messages)
        for message in error.messages:
            messages.error(request, message)
    else:
        notice = _("Marked: you have studied the documents.")
        if request.htmx:
            return _card(request, meeting, notice=notice)
        messages.success(request, notice)
    return redirect(_meeting_url(meeting, "preparation"))


def _item_partial(request, meeting: Meeting, item: AgendaItem, *, text=None, errors=(), notice=""):
    """One item's comments, freshly read: what an htmx request swaps into `#item-comments-<pk>`.

    `text`: what she posted, kept in the form while it has errors.
    """
    can_edit = meeting_access.can_edit_meeting(request.user, meeting)
    context = {
        "meeting": meeting,
        "item": item,
        **_items_context(request, meeting, can_edit=can_edit),
        "comment_text": text,
        "comment_errors": list(errors),
        "comment_notice": notice,
    }
    return render(request, "meetings/_item_comments.html", context)


def _form_errors(form) -> list[str]:
    return [str(message) for messages_ in form.errors.values() for message in messages_]


@require_http_methods(["GET", "POST"])
def comment_save_view(request, pk, item_pk):
    """A member's prepared comment on one agenda item: write, rewrite, or empty it to remove it.

    GET is the no-JS page with the form; the meeting page carries the same form inline.
    """
    meeting = meeting_access.get_meeting_for_user(request.user, pk)
    item = AgendaItem.objects.filter(pk=item_pk, meeting=meeting).first()
    if item is None:
        removed = AgendaItem.history.filter(id=item_pk, meeting_id=meeting.pk).exists()
        if request.method != "POST" or not removed:
            raise Http404  # an item of another meeting (or none at all)
        message = _("This item is no longer on the agenda: someone has removed it.")
        if request.htmx:
            return render(
                request,
                "meetings/_item_comments.html",
                {"meeting": meeting, "item": AgendaItem(pk=item_pk), "comment_errors": [message]},
            )
        messages.error(request, message)
        return redirect(_meeting_url(meeting, "agenda"))
    item.meeting = meeting
    member = _body_member(request, meeting)
    back = _meeting_url(meeting, f"agenda-item-{item.pk}")
    mine = PreparedComment.objects.filter(agenda_item=item, member=member).first()
    form = CommentForm(posted(request), initial={"text": mine.text if mine else ""})
    if request.method == "POST" and form.is_valid():
        try:
            saved = preparation.comment_save(
                item=item, member=member, text=form.cleaned_data["text"], by=request.user
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Refused as a whole (not published, started): say why, keep nothing.
                if request.htmx:
                    return _item_partial(request, meeting, item, errors=error.messages)
                for message in error.messages:
                    messages.error(request, message)
                return redirect(back)
            apply_service_errors(form, error)
        else:
            if saved is None:
                notice = _("Your prepared comment was removed.")
            else:
                notice = _("Your prepared comment was saved.")
            if request.htmx:
                return _item_partial(request, meeting, item, notice=notice)
            messages.success(request, notice)
            return redirect(back)
    if request.htmx and request.method == "POST":
        return _item_partial(
            request,
            meeting,
            item,
            text=request.POST.get("text", ""),
            errors=_form_errors(form),
        )
    return render(
        request,
        "meetings/comment_form.html",
        {
            "meeting": meeting,
            "item": item,
            "form": form,
            "can_prepare": preparation.is_open(meeting),
            "closed_reason": _closed_reason(meeting),
            "cancel_url": back,
        },
    )
