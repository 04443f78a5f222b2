"""Directives flowing down — chỉ thị của cấp trên (issue 22 item 5, `reports.directives`).

- `directive_list` ("superior/<pk>/directives/"): the superior's directives, newest first, each
  with its committees and the study done / participants over them; "Publish a directive" for its
  officers. Who opens the superior's dashboard reads it (404 otherwise).
- `directive_create` ("superior/<pk>/directives/publish/"): the form, and on POST the directive
  published to every committee under the superior today. Its officers only: 404 for who may not
  see the superior, 403 for who sees it without a grant there (a superuser).
- `directive_detail` ("directives/<pk>/"): per committee, the study progress of its campaign.

Nothing here shows a name of a member: numbers only (DESIGN §3). The committees read their copy
in their own library (`library.access`).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import ServiceModelForm, apply_service_errors, posted, posted_files
from core.uploads import upload_limit
from library.documents.forms import file_field, file_help
from members import access
from reports import directives
from reports.models import Directive

PAGE_SIZE = 10


class DirectiveForm(ServiceModelForm):
    """Publish a directive: its number, title, date and file; a deadline starts a study campaign
    in every committee."""

    class Meta:
        model = Directive
        fields = ["number", "title", "issued_on", "study_deadline", "report_required"]
        widgets = {
            "number": forms.TextInput(attrs={"placeholder": "05-CT/ĐU", "autocomplete": "off"}),
        }
        help_texts = {
            "study_deadline": gettext_lazy(
                "Leave it empty to send the document only. With a deadline, a study campaign "
                "starts today in every committee, for all its members on the roll."
            ),
            "report_required": gettext_lazy("Only with a study deadline."),
        }

    field_order = ["number", "title", "issued_on", "file", "study_deadline", "report_required"]

    def __init__(self, *args, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = file_field(required=True)
        self.fields["file"].help_text = file_help(max_mb)
        self.fields["issued_on"].initial = timezone.localdate
        self.order_fields(self.field_order)


def _max_mb(request, pk) -> int:
    superior = access.get_superior_for_user(request.user, pk)
    return directives.publish_max_mb(superior)


@require_GET
def directive_list(request, pk):
    superior = access.get_superior_for_user(request.user, pk)
    page = Paginator(directives.directives_of(superior), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reports/directive_list.html",
        {
            "superior": superior,
            "page": page,
            "progress": directives.directive_progress(page.object_list),
            "can_publish": directives.may_publish(request.user, superior),
        },
    )


@upload_limit(_max_mb)
@require_http_methods(["GET", "POST"])
def directive_create(request, pk):
    user = request.user
    superior = access.get_superior_for_user(user, pk)
    if not directives.may_publish(user, superior):
        raise PermissionDenied
    today = timezone.localdate()
    form = DirectiveForm(
        posted(request), posted_files(request), max_mb=directives.publish_max_mb(superior, today)
    )
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                result = directives.directive_publish(
                    superior=superior, by=user, upload=data.pop("file"), today=today, **data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The directive “%(title)s” was sent to %(committees)s committees; "
                        "study campaigns started: %(campaigns)s."
                    )
                    % {
                        "title": result.directive.title,
                        "committees": result.committees,
                        "campaigns": result.campaigns,
                    },
                )
                if result.without_campaign:
                    messages.warning(
                        request,
                        _("No member on the roll, so no study campaign in: %(names)s.")
                        % {"names": ", ".join(result.without_campaign)},
                    )
                return redirect(result.directive)
        if request.FILES:
            messages.info(
                request,
                _("Nothing was saved. A browser cannot keep a chosen file: choose the file again."),
            )
    return render(
        request,
        "reports/directive_form.html",
        {
            "superior": superior,
            "form": form,
            "committees": len(directives.committees_on(superior, today)),
        },
    )


@require_GET
def directive_detail(request, pk):
    directive = directives.get_directive_for_user(request.user, pk)
    (progress,) = directives.directive_progress([directive])
    return render(
        request,
        "reports/directive_detail.html",
        {"superior": directive.superior, "directive": directive, "progress": progress},
    )
