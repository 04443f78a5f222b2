"""Hostile values never give a server error (issue 17 item 17; DESIGN §7 "nothing gives a 500").

Every named URL from the resolver (the access matrix's table says how to fill in its arguments
and who may open it) is opened, as a persona that may open it, with a hostile `next`; every form
those pages show (its action, method and fields read from the HTML) is then sent, as that
persona, with

- a NUL character (`\\x00`) in every text field: the answer is never a 500, and nothing is saved;
- its own values and `next=abc`, `next=-1`, `next=//evil.example`: never a 500, and a redirect
  goes to a local path of this site, never to another host nor to a bare word.

A form posted with htmx (`hx-post`) is also sent with the `HX-Request` header. Each request runs in
a savepoint that is rolled back, so a valid action sent with a hostile `next` does not change what
the next request sees. The data is the matrix's, built once for this module.
"""

import contextlib
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from itertools import product
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from tests.test_access_matrix import (  # noqa: F401 (matrix_data is a fixture used here)
    expectations,
    matrix_data,
    named_urls,
)

HOSTILE_NEXT = ["abc", "-1", "//evil.example"]
NUL = "a\x00b"
# Who opens a page: the first of these that gets a 200 (the most capable first, then the rest).
PREFERENCE = [
    "cell_secretary",
    "committee_officer",
    "member",
    "superuser",
    "committee_clerk",
    "observer",
    "officer_other_committee",
    "secretary_other_cell",
    "member_other_cell",
    # The pages only a superior's officer opens (publishing a directive, issue 22 item 5).
    "superior_officer",
    "anonymous",
]
TEXT_TYPES = {"text", "search", "email", "tel", "url", "password", "number", "hidden", ""}
# Saves that are not party records: the session, the login throttle's log.
IGNORED_SAVES = {"sessions", "axes"}


@dataclass
class Form:
    action: str
    method: str
    htmx: bool
    also: list = field(default_factory=list)  # other URLs its script posts it to (data-*-url)
    fields: list = field(default_factory=list)  # [name, kind, value]
    radios: dict = field(default_factory=dict)  # name → first value
    buttons: list = field(default_factory=list)  # its named submit buttons (name, value)
    _select: list | None = None
    _textarea: list | None = None

    def data(self, nul: bool = False, button: tuple | None = None) -> dict:
        """Its values (the first button's, or `button`'s), with a NUL in each text field."""
        values = {"next": NUL} if nul else {}
        for name, kind, value in self.fields:
            if (
                nul
                and name not in {"csrfmiddlewaretoken", "next"}
                and kind in {*TEXT_TYPES, "textarea"}
            ):
                value = NUL
            values.setdefault(name, value)
        for name, value in self.radios.items():
            values.setdefault(name, value)
        if button or self.buttons:
            values.setdefault(*(button or self.buttons[0]))
        return values

    def has_next(self) -> bool:
        return any(name == "next" for name, _kind, _value in self.fields)

    def has_text(self) -> bool:
        """A field a user types into (`next` is where to go back to: sent on its own, below)."""
        return any(
            kind in {*TEXT_TYPES, "textarea"} and name not in {"csrfmiddlewaretoken", "next"}
            for name, kind, _value in self.fields
        )


class FormParser(HTMLParser):
    """The forms of a page: action, method, the fields with their current values."""

    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.form: Form | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = Form(
                action=a.get("action") or self.page_url,
                method=(a.get("method") or "get").lower(),
                htmx="hx-post" in a,
                also=[
                    v for k, v in a.items() if k.startswith("data-") and k.endswith("-url") and v
                ],
            )
            self.forms.append(self.form)
            return
        form = self.form
        if form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "image"} and (name, a.get("value", "")) not in form.buttons:
                form.buttons.append((name, a.get("value", "")))
            elif kind == "radio":
                if "checked" in a or name not in form.radios:
                    form.radios[name] = a.get("value", "on")
            elif kind == "checkbox":
                if "checked" in a:
                    form.fields.append([name, kind, a.get("value", "on")])
            elif kind not in {"file", "reset", "button"}:
                form.fields.append([name, kind, a.get("value", "")])
        elif tag == "button" and name and (a.get("type") or "submit").lower() == "submit":
            if (name, a.get("value", "")) not in form.buttons:
                form.buttons.append((name, a.get("value", "")))
        elif tag == "select" and name:
            form._select = [name, "select", None]
            form.fields.append(form._select)
        elif tag == "option" and form._select is not None:
            if form._select[2] is None or "selected" in a:
                form._select[2] = a.get("value", "")
        elif tag == "textarea" and name:
            form._textarea = [name, "textarea", ""]
            form.fields.append(form._textarea)

    def handle_data(self, data):
        if self.form is not None and self.form._textarea is not None:
            self.form._textarea[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif self.form is not None and tag == "select" and self.form._select is not None:
            if self.form._select[2] is None:
                self.form._select[2] = ""
            self.form._select = None
        elif self.form is not None and tag == "textarea":
            self.form._textarea = None


def _url_name(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def _is_local_path(location: str) -> bool:
    """A path of this site: "/meetings/3/", not "abc", "//evil.example" or "https://…"."""
    parts = urlsplit(location)
    return (
        not parts.scheme
        and not parts.netloc
        and location.startswith("/")
        and not location.startswith(("//", "/\\"))
    )


@contextlib.contextmanager
def _saves():
    """The models saved or deleted meanwhile (`app_label.Model`), other than sessions and logs."""
    saved = []

    def record(sender, **kwargs):
        if sender._meta.app_label not in IGNORED_SAVES:
            saved.append(sender._meta.label)

    def record_m2m(sender, action, **kwargs):
        if action.startswith("post_"):
            record(sender)

    post_save.connect(record, weak=False, dispatch_uid="hostile-save")
    post_delete.connect(record, weak=False, dispatch_uid="hostile-delete")
    m2m_changed.connect(record_m2m, weak=False, dispatch_uid="hostile-m2m")
    try:
        yield saved
    finally:
        post_save.disconnect(dispatch_uid="hostile-save")
        post_delete.disconnect(dispatch_uid="hostile-delete")
        m2m_changed.disconnect(dispatch_uid="hostile-m2m")


class Visitor:
    """One logged-in client per persona; each request in a savepoint rolled back afterwards."""

    def __init__(self, users):
        self.users = users
        self.clients = {}
        self.problems = []

    def client(self, persona: str) -> Client:
        if persona not in self.clients:
            client = Client()
            if persona != "anonymous":
                client.force_login(self.users[persona])
            self.clients[persona] = client
        return self.clients[persona]

    def send(self, persona, method, url, data=None, *, htmx=False, what=""):
        client = self.client(persona)
        headers = {"HX-Request": "true"} if htmx else {}
        try:
            with transaction.atomic():
                if method == "post":
                    response = client.post(url, data or {}, headers=headers)
                else:
                    response = client.get(url, data or {}, headers=headers)
                transaction.set_rollback(True)
        except Exception as error:  # the client re-raises what would have been a 500
            self.problems.append(f"{method.upper()} {url} as {persona} ({what}): {error!r}")
            return None
        finally:
            if _url_name(url) == "logout":  # That client is logged out now.
                self.clients.pop(persona, None)
        if response.status_code >= 500:
            self.problems.append(f"{method.upper()} {url} as {persona} ({what}): 500")
        location = response.headers.get("Location", "")
        if response.status_code in (301, 302, 303, 307, 308) and not _is_local_path(location):
            self.problems.append(f"{method.upper()} {url} as {persona} ({what}): to {location!r}")
        return response


def _first_capable(visitor, url, data):
    """POST `data` as each persona in turn until one may use the URL (not 403/404/405)."""
    for persona in PREFERENCE[:-1]:
        response = visitor.send(persona, "post", url, data, what=f"next={data['next']}")
        if response is None or response.status_code not in (403, 404, 405):
            return persona
    return None


@pytest.fixture(scope="module")
def crawl(matrix_data, django_db_setup, django_db_blocker):  # noqa: F811
    """Every page opened with a hostile `next` (all three values where the page carries a `next`
    field), and the forms the pages show: one per target URL and method."""
    with django_db_blocker.unblock():
        visitor = Visitor(matrix_data["users"])
        table = expectations(matrix_data)
        forms = {}  # (url name, method) → (persona, Form)
        for name in named_urls():
            kwargs, statuses = table[name]
            persona = next((p for p in PREFERENCE if statuses.get(p) == 200), None)
            if persona is None:
                continue
            url = reverse(name, kwargs=kwargs)
            response = visitor.send(persona, "get", url, {"next": "abc"}, what="next=abc")
            if response is None or "text/html" not in response.headers.get("Content-Type", ""):
                continue
            parser = FormParser(url)
            parser.feed(response.content.decode())
            if any(form.has_next() for form in parser.forms):  # This page reads `next`.
                for value in HOSTILE_NEXT[1:]:
                    visitor.send(persona, "get", url, {"next": value}, what=f"next={value}")
            for form in parser.forms:
                for action in [form.action, *form.also]:
                    target = _url_name(action)
                    if target is not None and target.split(":")[0] != "admin":
                        forms.setdefault(
                            (target, form.method), (persona, replace(form, action=action))
                        )
        yield visitor, forms, table


def test_pages_take_a_hostile_next(crawl, db):
    visitor, _forms, _table = crawl
    assert not visitor.problems, "\n".join(visitor.problems)


def test_forms_take_hostile_values(crawl, db):
    """Every form: a NUL in each text field (nothing saved), and hostile `next` values."""
    visitor, forms, table = crawl
    visitor.problems = []
    for (name, method), (persona, form) in sorted(forms.items()):
        if form.has_text():
            # Each of its buttons ("present", "excused"…); with htmx too where the page uses it.
            for button, htmx in product(form.buttons or [None], {False, form.htmx}):
                visitor.client(persona)  # Logged in before: a login saves her last login.
                data = form.data(nul=True, button=button)
                with _saves() as saved:
                    visitor.send(persona, method, form.action, data, htmx=htmx, what="NUL")
                # A GET may record a read receipt or an access; a refused POST saves nothing.
                if saved and method == "post":
                    visitor.problems.append(f"{name}: saved with NUL values: {sorted(set(saved))}")
        # Its own values with a hostile `next` (all three where the form carries one).
        for value in HOSTILE_NEXT if form.has_next() else HOSTILE_NEXT[:1]:
            visitor.send(
                persona, method, form.action, {**form.data(), "next": value}, what=f"next={value}"
            )
    # A URL that takes only POST and whose form no page showed in this data (its button shows in
    # another state: minutes ready for approval, unread notifications, an upload to confirm…):
    # the hostile `next` values alone, as the first persona that may use it.
    posted = {name for name, method in forms if method == "post"}
    unshown = sorted(
        name
        for name, (_kwargs, statuses) in table.items()
        if statuses.get("member") == 405 and name not in posted
    )
    for name in unshown:
        url = reverse(name, kwargs=table[name][0])
        persona = _first_capable(visitor, url, {"next": HOSTILE_NEXT[0]})
        for value in HOSTILE_NEXT[1:] if persona else []:
            visitor.send(persona, "post", url, {"next": value}, what=f"next={value}")
    assert not visitor.problems, "\n".join(visitor.problems)
