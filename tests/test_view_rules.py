"""The rules every view keeps, proved from the URL resolver (issue 20, item 2), so that a new view
cannot be forgotten:

- a GET changes no row count of any party table, for each persona who may open the page (and the
  first one refused), except the recorded side effects of DESIGN §3 (read receipts, notifications
  read, the access log);
- a view that takes a POST answers a GET with 405, or shows its form (posting to itself);
- a POST without a CSRF token is refused with 403 (the "form expired" page) and changes nothing,
  whoever sends it, on every URL;
- every view that receives files refuses a disguised file (a program renamed .pdf, a text file
  named .docx) with the clear "this kind of file is not accepted" message, and adds no row.

The data and personas are the access matrix's (`tests/test_access_matrix.py`), built once for this
module; each request runs in a savepoint that is rolled back.
"""

import io
import re

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from tests.conftest import PERSONAS
from tests.db_state import GET_SIDE_EFFECTS, changed_counts, party_tables, row_counts
from tests.test_access_matrix import (  # noqa: F401 (matrix_data is a fixture used here)
    expectations,
    matrix_data,
    named_urls,
)
from tests.test_hostile_input import PREFERENCE, Form, FormParser, _url_name

# A CSRF cookie as a logged-in browser holds it; the forged form carries no token.
CSRF_COOKIE = "a" * 32
# The Vietnamese refusal of a file whose content is not an allowed kind (core.uploads), and of a
# photo that is not an image (Django's ImageField, translated).
REFUSALS = ("Không chấp nhận loại tệp này", "Hãy tải lên một hình ảnh hợp lệ")


class Parser(FormParser):
    """The forms of a page, with their file fields (name, what they accept), the attributes of
    each field and the values each list, radio or check box offers."""

    def handle_starttag(self, tag, attrs):
        previous = self.form._select if self.form is not None else None
        super().handle_starttag(tag, attrs)
        form, a = self.form, dict(attrs)
        if form is None or "disabled" in a:
            return
        if not hasattr(form, "files"):
            form.files, form.attrs, form.options = [], {}, {}
        name, kind = a.get("name"), (a.get("type") or "").lower()
        if tag == "input" and kind == "file" and name:
            form.files.append((name, a.get("accept")))
            return
        if tag in {"input", "select", "textarea"} and name:
            form.attrs.setdefault(name, a)
        if tag == "input" and kind in {"radio", "checkbox"} and name:
            form.options.setdefault(name, []).append(a.get("value", "on"))
        elif tag == "option" and previous is not None:
            form.options.setdefault(previous[0], []).append(a.get("value", ""))


def forms_of(response, url) -> list[Form]:
    if "text/html" not in response.headers.get("Content-Type", ""):
        return []
    parser = Parser(url)
    parser.feed(response.content.decode())
    return parser.forms


def _send(client, method, url, data=None, **extra):
    """The request in a savepoint rolled back afterwards, with the row counts before and after."""
    with transaction.atomic():
        before = row_counts(TABLES)
        response = getattr(client, method)(url, data or {}, **extra)
        after = row_counts(TABLES)
        transaction.set_rollback(True)
    return response, changed_counts(before, after)


# Every party table but the recorded side effects of a GET (DESIGN §3).
TABLES = party_tables(leave_out=GET_SIDE_EFFECTS)


class Site:
    """One client per persona (and one per persona that checks CSRF tokens), the matrix's table,
    and each URL's page as the first persona who may open it (and as the committee's officer,
    who is shown more: a library document's files, for instance), with the forms they show."""

    def __init__(self, users, table):
        self.table = table
        # A URL the matrix does not know yet fails the matrix itself (test_every_url_has_an_
        # expectation); here it is left out.
        self.names = [name for name in named_urls() if name in table]
        self.users = users
        self.clients = {}
        self.strict = {}
        for persona in PERSONAS:
            client, strict = Client(), Client(enforce_csrf_checks=True)
            if persona != "anonymous":
                client.force_login(users[persona])
                strict.force_login(users[persona])
            strict.cookies[settings.CSRF_COOKIE_NAME] = CSRF_COOKIE
            self.clients[persona], self.strict[persona] = client, strict
        self.pages = {}  # url name → (persona, url, response)
        self.got = {}  # (url name, persona) → (status, the row counts it changed)
        self.shown = {}  # (target url name, method) → (persona, Form, the page's response)
        for name in self.names:
            kwargs, statuses = table[name]
            url = reverse(name, kwargs=kwargs)
            for persona in dict.fromkeys([self.opener(name), "committee_officer"]):
                if persona is None or statuses.get(persona) != 200:
                    continue
                response, changes = _send(self.clients[persona], "get", url)
                self.got[name, persona] = response.status_code, changes
                self.pages.setdefault(name, (persona, url, response))
                for form in forms_of(response, url):
                    target = _url_name(form.action)
                    if target and not target.startswith("admin:"):
                        self.shown.setdefault((target, form.method), (persona, form, response))
        # The forms posting to each URL: target url name → (persona, Form).
        self.forms = {
            target: (persona, form)
            for (target, method), (persona, form, _response) in self.shown.items()
            if method == "post"
        }

    def opener(self, name):
        """The first persona (most capable first) who gets the page."""
        statuses = self.table[name][1]
        return next((p for p in PREFERENCE if statuses.get(p) == 200), None)

    def poster(self, name):
        """Who would send its form: whoever a page showed it to, else whoever opens the page,
        else (a POST-only URL whose form shows in another state) the committee's officer."""
        if name in self.forms:
            return self.forms[name][0]
        return self.opener(name) or "committee_officer"


@pytest.fixture(scope="module")
def site(matrix_data, django_db_setup, django_db_blocker):  # noqa: F811
    with django_db_blocker.unblock():
        yield Site(matrix_data["users"], expectations(matrix_data))


def _get_personas(site, name) -> list[str]:
    """Who opens the page: the first who may (the most capable), a plain member where she may
    (she leaves read receipts), whoever is sent on, and the first refused of each kind of refusal
    (a write before the access check would show there)."""
    statuses = site.table[name][1]
    chosen = [site.opener(name)] if site.opener(name) else []
    chosen += [p for p in ("member", "committee_officer") if statuses[p] == 200]
    chosen += [p for p in PERSONAS[1:] if statuses[p] == 302]
    for refusal in (403, 404, 405):
        chosen += [p for p in PERSONAS[1:] if statuses[p] == refusal][:1]
    return list(dict.fromkeys(chosen))


def test_a_get_changes_no_row_count(site, db):
    problems = []
    for name in site.names:
        url = reverse(name, kwargs=site.table[name][0])
        for persona in _get_personas(site, name):
            if (name, persona) not in site.got:  # not opened by the crawl already
                response, changes = _send(site.clients[persona], "get", url)
                site.got[name, persona] = response.status_code, changes
            status, changes = site.got[name, persona]
            if changes:
                problems.append(f"GET {name} as {persona} ({status}): {changes}")
    assert not problems, "\n".join(problems)


def test_a_view_that_takes_a_post_refuses_a_get_or_shows_its_form(site, db):
    """A view whose form a page shows answers a GET with its form (or a 405, or sends the user
    on); a page that shows no form and still takes a POST treats it as a GET: it changes nothing."""
    problems, form_views = [], 0
    for name in site.names:
        kwargs, statuses = site.table[name]
        url = reverse(name, kwargs=kwargs)
        if 405 in statuses.values():
            continue  # POST only: the matrix holds its 405 for everyone logged in
        if name in site.forms:
            form_views += 1
            if name not in site.pages:
                continue  # its GET sends everyone on (restoring an active cell)
            persona, _url, response = site.pages[name]
            own = [
                form
                for form in forms_of(response, url)
                if form.method == "post" and _url_name(form.action) == name
            ]
            if not own:
                problems.append(f"{name}: takes a form, and its page (as {persona}) shows none")
            continue
        persona = site.poster(name)
        response, changes = _send(site.clients[persona], "post", url)
        if changes:
            problems.append(f"POST {name} as {persona} ({response.status_code}): {changes}")
    assert not problems, "\n".join(problems)
    assert form_views > 40


def test_a_post_without_a_csrf_token_is_refused(site, db):
    """The forged form: the user's own fields (as her page shows them), her cookie, no token."""
    problems = []
    for name in site.names:
        kwargs, statuses = site.table[name]
        url = reverse(name, kwargs=kwargs)
        persona = site.poster(name)
        data = {}
        if name in site.forms:
            data = site.forms[name][1].data()
            data.pop("csrfmiddlewaretoken", None)
        # Anonymous too where she is not sent to the login page (the login, a password reset).
        public = statuses["anonymous"] != 302
        for who in dict.fromkeys([persona, "anonymous"] if public else [persona]):
            response, changes = _send(site.strict[who], "post", url, data)
            csrf_page = "403_csrf.html" in [t.name for t in response.templates]
            if response.status_code != 403 or not csrf_page or changes:
                problems.append(f"POST {name} as {who}: {response.status_code} {changes or ''}")
    assert not problems, "\n".join(problems)


# --- uploads ----------------------------------------------------------------------------------


def _views(patterns, prefix=""):
    """(url name, view) of every named URL of ours."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                yield from _views(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name, pattern.callback


UPLOAD_VIEWS = sorted(
    name for name, view in _views(get_resolver().url_patterns) if hasattr(view, "upload_limit")
)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (3, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def _xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Họ và tên"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A Windows program (its "MZ" header) and a plain text file.
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
TEXT = "Đây là một tệp văn bản, không phải tài liệu Word.\n".encode() * 20
# By what a file field asks for: the two disguised files, each named as a kind it takes
# (file name, content, content type), and a genuine file it takes.
DISGUISED = {
    "image": [("anh.jpg", PROGRAM, "image/jpeg"), ("anh.png", TEXT, "image/png")],
    "sheet": [("danh-sach.xlsx", PROGRAM, XLSX_TYPE), ("danh-sach.xlsx", TEXT, XLSX_TYPE)],
    "document": [("tai-lieu.pdf", PROGRAM, "application/pdf"), ("tai-lieu.docx", TEXT, DOCX_TYPE)],
}
GENUINE = {
    "image": ("anh.png", _png),
    "sheet": ("danh-sach.xlsx", _xlsx),
    "document": ("tai-lieu.pdf", lambda: b"%PDF-1.4\n%test\n"),
}


def _asks_for(accept: str | None) -> str:
    """What a file field takes, from its `accept` (".pdf,.docx,…", "image/jpeg,image/png")."""
    parts = [p.strip().lower() for p in (accept or "").split(",") if p.strip()]
    if parts and all(p.startswith("image/") or p in {".jpg", ".jpeg", ".png"} for p in parts):
        return "image"
    if ".xlsx" in parts and ".pdf" not in parts:
        return "sheet"
    return "document"


# What a form needs for its file to be read (a residence-place comment keeps its scan once the
# comment is received) or for the rest of it to be taken (a new member's dates in order).
NEEDED = {
    "reviews:residence_edit": {"status": "received"},
    "members:create": {
        "citizen_id": "012345678901",
        "date_of_birth": "05/03/1990",
        "status": "official",
        "admitted_on": "05/03/2015",
        "recognised_on": "05/03/2016",
    },
}


def filled_in(name: str, form: Form) -> dict:
    """The values a user would send in the form posting to `name`: its own, with something in
    each field left empty (a date, a time, the first choice of a required list, an e-mail
    address, a number, words)."""
    today = timezone.localdate()
    data = form.data()
    data.pop("csrfmiddlewaretoken", None)
    data.update(NEEDED.get(name, {}))
    for field, a in form.attrs.items():
        kind = (a.get("type") or "text").lower()
        if str(data.get(field, "")).strip() or kind in {"hidden", "checkbox", "radio", "file"}:
            continue
        placeholder = a.get("placeholder", "")
        if field in form.options:
            if "required" not in a:
                continue
            value = next((v for v in form.options[field] if v), "")
        elif re.fullmatch(r"\w\w/\w\w/\w{4}", placeholder):  # dd/mm/yyyy
            value = today.strftime("%d/%m/%Y")
        elif re.fullmatch(r"\w\w:\w\w", placeholder):  # hh:mm
            value = "08:00"
        elif kind == "email":
            value = "kiem.tra@example.com"
        elif kind == "number" or a.get("inputmode") == "numeric":
            value = a.get("min") or "1"
        else:
            value = "Kiểm tra"
        data[field] = value[: int(a.get("maxlength") or 1000)]
    return data


def test_every_view_that_receives_files_shows_its_form(site, db):
    """Each view marked with `upload_limit` shows a form with a file field, and every form with
    a file field posts to a view so marked (tests/core/test_upload_size.py finds the views that
    read `request.FILES`)."""
    with_files = {name for name, (_p, form) in site.forms.items() if getattr(form, "files", [])}
    assert len(UPLOAD_VIEWS) >= 8
    assert with_files == set(UPLOAD_VIEWS)


@pytest.mark.parametrize("name", UPLOAD_VIEWS)
def test_a_disguised_file_is_refused(site, db, name):
    persona, form = site.forms[name]
    client = site.clients[persona]
    for field, accept in form.files:
        for file_name, content, content_type in DISGUISED[_asks_for(accept)]:
            data = filled_in(name, form)
            data[field] = SimpleUploadedFile(file_name, content, content_type=content_type)
            with transaction.atomic():
                before = row_counts(TABLES)
                response = client.post(form.action, data, follow=True)
                after = row_counts(TABLES)
                transaction.set_rollback(True)
            page = response.content.decode()
            assert response.status_code == 200, (name, field, file_name)
            assert any(refusal in page for refusal in REFUSALS), (name, field, file_name)
            assert not changed_counts(before, after), (name, field, file_name)


@pytest.mark.parametrize("name", UPLOAD_VIEWS)
def test_a_genuine_file_is_taken(site, db, name):
    """The same form with a real file of a kind it takes: saved (the browser is sent on), so the
    refusal above is the file's, not the other fields'."""
    persona, form = site.forms[name]
    client = site.clients[persona]
    for field, accept in form.files:
        file_name, content = GENUINE[_asks_for(accept)]
        data = filled_in(name, form)
        data[field] = SimpleUploadedFile(file_name, content())
        with transaction.atomic():
            response = client.post(form.action, data, follow=True)
            transaction.set_rollback(True)
        page = response.content.decode()
        assert not any(refusal in page for refusal in REFUSALS), (name, field)
        if name == "members:import_upload":
            continue  # then read for its columns and rows (tests/members/test_imports.py)
        assert f'id="id_{field}_error"' not in page, (name, field)
        assert response.redirect_chain, (name, field)  # saved
