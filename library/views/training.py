"""Political-theory training pages (DOMAIN §14).

- `member_training` (GET `/library/training/members/<pk>/`): her courses, the archived ones
  struck through, and her theory level on the record; for whoever sees her personal fields.
- `course_add` / `course_edit` (GET/POST): record or correct a course — her cell's secretary or
  deputy, the committee's officers and clerk (`library.access.may_record_training`). After the
  save the page says her theory level when it changed (and warns when it went down).
- `course_archive` (GET: confirm; POST): take a course recorded by mistake off her record.
- `training_due` (GET `/library/training/committees/<pk>/due/?list=&page=`): who is due for which
  course — the committee's officers and clerk.

Who may do what: `library.access`; the rules: `library.training.services`; the reads:
`library.training.selectors`. The member record's training section is drawn by
`templates/library/training_member_section.html`, which the record page includes.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import apply_service_errors, posted
from library import access as library_access
from library.training import selectors, services
from library.training.forms import CourseForm
from members.models import TheoryLevel


def member_training_url(member) -> str:
    return reverse("library:member_training", args=[member.pk])


def _say_saved(request, saved: services.CourseSaved, message: str) -> None:
    messages.success(request, message)
    if saved.level_lowered:
        messages.warning(
            request,
            _(
                "Her political theory level on the record went down to %(level)s: it follows "
                "from her completed theory courses. Record her highest course if she completed "
                "one."
            )
            % {"level": saved.level_label},
        )
    elif saved.level_changed:
        messages.info(
            request,
            _("Her political theory level on the record is now %(level)s.")
            % {"level": saved.level_label},
        )


def _form_page(request, *, member, form, service, success_message, heading):
    """The course form: on a valid POST `service(**cleaned_data)`; its refusal goes back on the
    form with what was typed, nothing saved."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = service(**form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            _say_saved(request, saved, success_message)
            return redirect(member_training_url(member))
    return render(
        request,
        "library/training_form.html",
        {
            "form": form,
            "member": member,
            "heading": heading,
            "cancel_url": member_training_url(member),
        },
    )


@require_GET
def member_training(request, member_pk):
    member = library_access.get_member_for_training(request.user, member_pk)
    courses = selectors.member_courses(member, user=request.user, archived=True)
    return render(
        request,
        "library/training_member.html",
        {
            "member": member,
            "courses": courses,
            "can_record": library_access.may_record_training(request.user, member)
            and member.is_on_roll,
        },
    )


@require_http_methods(["GET", "POST"])
def course_add(request, member_pk):
    member = library_access.get_member_for_training(request.user, member_pk, record=True)
    return _form_page(
        request,
        member=member,
        form=CourseForm(posted(request)),
        service=lambda **data: services.course_record(member=member, by=request.user, **data),
        success_message=_("The course was recorded."),
        heading=_("Record a course of %(name)s") % {"name": member.full_name},
    )


@require_http_methods(["GET", "POST"])
def course_edit(request, pk):
    course = library_access.get_course_for_user(request.user, pk, record=True)
    member = course.member
    if course.archived:
        messages.info(request, _("This course is archived; it can no longer be changed."))
        return redirect(member_training_url(member))
    return _form_page(
        request,
        member=member,
        form=CourseForm(posted(request), instance=course),
        service=lambda **data: services.course_update(course=course, by=request.user, **data),
        success_message=_("The course was saved."),
        heading=_("Correct a course of %(name)s") % {"name": member.full_name},
    )


@require_http_methods(["GET", "POST"])
def course_archive(request, pk):
    course = library_access.get_course_for_user(request.user, pk, record=True)
    member = course.member
    if course.archived:
        messages.info(request, _("This course is already archived."))
        return redirect(member_training_url(member))
    if request.method == "POST":
        try:
            saved = services.course_archive(course=course, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            _say_saved(request, saved, _("The course was archived."))
        return redirect(member_training_url(member))
    return render(
        request,
        "library/training_archive.html",
        {"course": course, "member": member, "cancel_url": member_training_url(member)},
    )


@require_GET
def training_due(request, committee_pk):
    committee = library_access.get_committee_for_training_due(request.user, committee_pk)
    due = selectors.training_due(
        committee, which=request.GET.get("list", ""), page_number=request.GET.get("page")
    )
    return render(
        request,
        "library/training_due.html",
        {
            "committee": committee,
            "due": due,
            "page": due.page,
            "min_level_label": TheoryLevel(due.min_level).label,
            "tabs": [
                (name, label, due.counts.get(name, 0))
                for name, label in (
                    ("new_member", _("Course for new members")),
                    (
                        "officers",
                        _("Officers below %(level)s") % {"level": TheoryLevel(due.min_level).label},
                    ),
                    ("awareness", _("No awareness course recorded")),
                )
            ],
        },
    )
