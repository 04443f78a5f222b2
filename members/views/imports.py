"""Excel import of the member registry: the template, upload, preview and confirmation.

Who: the users who manage a committee's whole registry (officers and clerks); others get 403.
The uploaded file waits between the pages under MEDIA_ROOT/imports/<uuid4>.xlsx; the session
holds its name, the user, the committee and its SHA-256, and every page checks them again.
"""

import contextlib
import datetime
import hashlib
import re
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cells.models import Committee
from cells.rules import rules_for
from core.forms import posted, posted_files
from core.uploads import upload_limit
from members import access
from members.imports.applying import ImportRefused, import_plan, members_import
from members.imports.columns import MAX_ROWS, TEMPLATE_FILENAME
from members.imports.template import build_template

SESSION_KEY = "members_import"
STORAGE_DIR = "imports"
_STORED_NAME = re.compile(r"^imports/[0-9a-f]{32}\.xlsx$")
# Files left behind by an import that was never confirmed are removed after this long.
STORED_FILE_LIFETIME = datetime.timedelta(days=1)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportUploadForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=gettext_lazy("committee"), queryset=Committee.objects.none()
    )
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.FileInput(attrs={"accept": f".xlsx,{XLSX_MIME}"}),
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        if len(committees) > 1:
            self.fields["committee"].queryset = Committee.objects.filter(
                pk__in=[c.pk for c in committees]
            ).order_by("name")
        else:
            del self.fields["committee"]
        self.committees = committees

    def chosen_committee(self) -> Committee:
        return self.cleaned_data.get("committee") or self.committees[0]


def _committees(user) -> list[Committee]:
    """The committees whose registry the user manages; 403 when there are none."""
    acc = access.require_member_section(user)
    if not acc.registry_committees:
        raise PermissionDenied
    return list(Committee.objects.filter(pk__in=acc.registry_committees).order_by("name"))


# --- the stored file ------------------------------------------------------------------------------


def _store(request, upload, committee) -> None:
    _forget(request)
    _remove_old_files()
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = default_storage.save(f"{STORAGE_DIR}/{uuid.uuid4().hex}.xlsx", upload)
    request.session[SESSION_KEY] = {
        "file": name,
        "name": (upload.name or "")[:200],
        "user": request.user.pk,
        "committee": committee.pk,
        "sha256": digest.hexdigest(),
    }


def _forget(request) -> None:
    """Drop the stored file and its session entry."""
    state = request.session.pop(SESSION_KEY, None)
    name = state.get("file") if isinstance(state, dict) else None
    if isinstance(name, str) and _STORED_NAME.match(name):
        with contextlib.suppress(OSError):
            default_storage.delete(name)


def _remove_old_files() -> None:
    """Remove files of imports that were never confirmed (they hold personal data)."""
    cutoff = timezone.now() - STORED_FILE_LIFETIME
    try:
        _dirs, files = default_storage.listdir(STORAGE_DIR)
    except (FileNotFoundError, NotImplementedError, OSError):
        return
    for filename in files:
        name = f"{STORAGE_DIR}/{filename}"
        try:
            if _STORED_NAME.match(name) and default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
        except (FileNotFoundError, NotImplementedError, OSError):
            continue


def _stored(request):
    """(committee, file) of the upload waiting in this session, or None if it is not usable."""
    state = request.session.get(SESSION_KEY)
    if not isinstance(state, dict):
        return None
    name = state.get("file")
    if not (isinstance(name, str) and _STORED_NAME.match(name)):
        return None
    if state.get("user") != request.user.pk:
        return None
    committee_id = state.get("committee")
    if committee_id not in access.access_for(request.user).registry_committees:
        return None
    try:
        with default_storage.open(name, "rb") as stored:
            content = stored.read()
    except (FileNotFoundError, OSError):
        return None
    if hashlib.sha256(content).hexdigest() != state.get("sha256"):
        return None
    committee = Committee.objects.get(pk=committee_id)
    upload = SimpleUploadedFile(
        state.get("name") or TEMPLATE_FILENAME, content, content_type=XLSX_MIME
    )
    return committee, upload


def _lost(request):
    _forget(request)
    messages.error(
        request, _("The uploaded file is no longer available. Upload the Excel file again.")
    )
    return redirect("members:import_upload")


def _upload_page(request, form, committees, *, errors=(), warnings=()):
    return render(
        request,
        "members/import_upload.html",
        {
            "form": form,
            "errors": errors,
            "warnings": warnings,
            "max_mb": rules_for(committees[0]).upload_max_mb if len(committees) == 1 else None,
            "max_rows": MAX_ROWS,
        },
    )


# --- pages --------------------------------------------------------------------------------------


@require_GET
def import_template(request):
    committees = _committees(request.user)
    cells = access.cells_for_new_members(request.user).filter(
        committee_id__in=[c.pk for c in committees]
    )
    content = build_template(
        cells=cells,
        upload_max_mb=min(rules_for(c).upload_max_mb for c in committees),
    )
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILENAME}"'
    return response


def _import_max_mb(request) -> int:
    """The largest limit of her committees (the file's committee is chosen in the form; the
    exact limit is checked once the form is read)."""
    return max(rules_for(c).upload_max_mb for c in _committees(request.user))


@upload_limit(_import_max_mb)
@require_http_methods(["GET", "POST"])
def import_upload(request):
    committees = _committees(request.user)
    form = ImportUploadForm(posted(request), posted_files(request), committees=committees)
    if request.method != "POST" or not form.is_valid():
        return _upload_page(request, form, committees)
    committee = form.chosen_committee()
    upload = form.cleaned_data["file"]
    try:
        plan = import_plan(committee=committee, upload=upload, by=request.user)
    except ValidationError as error:
        form.add_error("file", error)
        return _upload_page(request, form, committees)
    if not plan.ok:
        return _upload_page(request, form, committees, errors=plan.errors, warnings=plan.warnings)
    _store(request, upload, committee)
    return redirect("members:import_preview")


@require_GET
def import_preview(request):
    committees = _committees(request.user)
    stored = _stored(request)
    if stored is None:
        return _lost(request)
    committee, upload = stored
    try:
        # The upload tried every row already; the confirmation tries them again for real.
        plan = import_plan(committee=committee, upload=upload, by=request.user, try_rows=False)
    except ValidationError as error:
        _forget(request)
        for message in error.messages:
            messages.error(request, message)
        return redirect("members:import_upload")
    if not plan.ok:
        _forget(request)
        form = ImportUploadForm(committees=committees)
        return _upload_page(request, form, committees, errors=plan.errors, warnings=plan.warnings)
    return render(
        request,
        "members/import_preview.html",
        {
            "plan": plan,
            "committee": committee,
            "filename": upload.name,
            "several_committees": len(committees) > 1,
        },
    )


@require_POST
def import_confirm(request):
    committees = _committees(request.user)
    stored = _stored(request)
    if stored is None:
        return _lost(request)
    committee, upload = stored
    try:
        result = members_import(committee=committee, plan_or_file=upload, by=request.user)
    except ImportRefused as refused:
        _forget(request)
        messages.error(request, _("Nothing was imported: correct the rows below and try again."))
        form = ImportUploadForm(committees=committees)
        return _upload_page(request, form, committees, errors=refused.problems)
    except ValidationError as error:
        _forget(request)
        for message in error.messages:
            messages.error(request, message)
        return redirect("members:import_upload")
    _forget(request)
    messages.success(
        request,
        _("%(created)s members added, %(updated)s updated.")
        % {"created": result.created, "updated": result.updated},
    )
    return redirect("members:list")
