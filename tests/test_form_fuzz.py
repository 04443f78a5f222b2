"""Random input into every form (issue 20, "Faults and bad input").

Every form a page shows — the pages taken from the URL resolver and opened as the first persona of
the access matrix that may open them (and as the committee's officer, who is shown more) — is
sent a few times with random values chosen by hypothesis, field by field from what the form asks
for (its Django field when the page's context has it, else its HTML): random text, dates (day
first, ISO, or not a date), numbers (huge, negative, decimal, or not a number), choices (offered
or not), check boxes, hidden values kept or replaced. Each time:

- never a server error;
- when the input is refused (the form comes back with errors, an error message, a 4xx),
  no row count of any party table changes (GET forms — searches and filters — change none).

Bounded for CI: a few examples per form, derandomised (the same examples on every run), each
request in a savepoint rolled back. The data is the matrix's, built once for this module.
"""

import datetime
import os
import re

import pytest
from django import forms as django_forms
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.db_state import changed_counts, row_counts
from tests.test_access_matrix import (  # noqa: F401 (matrix_data is a fixture used here)
    expectations,
    matrix_data,
    named_urls,
)
from tests.test_view_rules import TABLES, Site, filled_in

# A few per form in CI; `FUZZ_EXAMPLES=50 pytest tests/test_form_fuzz.py` searches deeper.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
# No shrinking: a failure is reported with the example that found it, at once (shrinking reruns
# requests by the hundred).
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
NOT_FUZZED = {"csrfmiddlewaretoken"}

# --- what to send, field by field -------------------------------------------------------------

# Text of any script, and some that has broken pages elsewhere: a NUL (PostgreSQL refuses it), a
# text longer than any field, markup, SQL, a path, digits of other scripts, spaces only.
EDGE_TEXT = [
    "\x00",
    "a\x00b",
    "x" * 5001,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "١٢٣",
    "１２",
    "   ",
    "\u200b",
]
words = st.one_of(st.text(max_size=60), st.sampled_from(EDGE_TEXT))
days = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))
DATES = st.one_of(
    days.map(lambda d: f"{d.day:02d}/{d.month:02d}/{d.year:04d}"),
    days.map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}"),
    st.sampled_from(["31/02/2025", "00/00/0000", "29/02/2023", "1/1/1"]),
    words,
)
TIMES = st.one_of(
    st.times().map(lambda t: t.strftime("%H:%M")), st.sampled_from(["24:00", "7:61"]), words
)
NUMBERS = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.sampled_from(["1e309", "NaN", "-0", "1,5"]),
    words,
)


def _chosen(values) -> st.SearchStrategy:
    values = [v for v in values if v is not None]
    return st.one_of(st.sampled_from(values), words) if values else words


def _field_strategy(name, kind, value, form, django_field) -> st.SearchStrategy:
    """The values to send in field `name` (None: leave it out; a list: several values)."""
    a = form.attrs.get(name, {})
    placeholder = a.get("placeholder", "")
    options = form.options.get(name, [])
    if kind == "checkbox" and len(options) > 1:  # a list to tick ("the members who paid")
        return st.lists(_chosen(options), max_size=len(options) + 1)
    if isinstance(django_field, django_forms.BooleanField) or kind == "checkbox":
        return st.sampled_from([None, *(options or ["on"])])
    if isinstance(django_field, django_forms.MultipleChoiceField) or "multiple" in a:
        return st.lists(_chosen(options), max_size=4)
    if isinstance(django_field, django_forms.ChoiceField) or options:
        return _chosen(options)
    if isinstance(django_field, django_forms.DateField) or re.fullmatch(
        r"\w\w/\w\w/\w{4}", placeholder
    ):
        return DATES
    if isinstance(django_field, django_forms.TimeField) or re.fullmatch(r"\w\w:\w\w", placeholder):
        return TIMES
    if (
        isinstance(django_field, django_forms.IntegerField | django_forms.DecimalField)
        or kind == "number"
        or a.get("inputmode") in {"numeric", "decimal"}
    ):
        return NUMBERS
    if kind == "hidden":
        return st.one_of(st.just(value), words)
    return words


def _context_values(response):
    """Every value of the template contexts the response was rendered with."""
    context = response.context
    if context is None:
        return
    contexts = context if isinstance(context, list) else [context]  # ContextList, or one
    for one in contexts:
        for layer in one.dicts:
            yield from layer.values()


def _forms_in(response):
    for value in _context_values(response):
        subforms = getattr(value, "forms", None)  # a formset's
        for form in [value, *(subforms if isinstance(subforms, list) else [])]:
            if isinstance(form, django_forms.BaseForm):
                yield form


def _django_fields(response) -> dict:
    """html name → Django form field, for every form the page's context holds."""
    found = {}
    for form in _forms_in(response):
        for name, field in form.fields.items():
            found.setdefault(form.add_prefix(name), field)
    return found


def form_strategy(name, form, django_fields) -> st.SearchStrategy:
    """Each field either a sensible value (its own, or what a user would type into it) or a
    random one: random values alone rarely get past the first field checked."""
    sensible = filled_in(name, form)
    fields = {}
    kinds = {field: kind for field, kind, _value in form.fields}
    for field in [*kinds, *form.options]:
        if field in NOT_FUZZED or field in fields:
            continue
        kind = kinds.get(field, form.attrs.get(field, {}).get("type", ""))
        value = sensible.get(field, "")
        strategy = _field_strategy(field, kind, value, form, django_fields.get(field))
        if value not in ("", None) and kind != "checkbox":
            strategy = st.one_of(st.just(value), strategy)
        fields[field] = strategy
    fixed = {field: value for field, _kind, value in form.fields if field in NOT_FUZZED}
    button = st.sampled_from(form.buttons) if form.buttons else st.none()
    return st.tuples(st.fixed_dictionaries(fields), button).map(lambda pair: _data(fixed, *pair))


def _data(fixed, values, button) -> dict:
    data = dict(fixed)
    data.update({k: v for k, v in values.items() if v is not None})
    if button:
        data.setdefault(*button)
    return data


# --- the forms of the site ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(matrix_data, django_db_setup, django_db_blocker):  # noqa: F811
    """The pages and their forms, as tests/test_view_rules.py finds them."""
    with django_db_blocker.unblock():
        yield Site(matrix_data["users"], expectations(matrix_data))


def _refused(response) -> bool:
    """The input was refused: the form came back with errors, an error was flashed, or a 4xx (a
    warning may come with what was saved: "2 members were left out")."""
    if 400 <= response.status_code < 500:
        return True
    if any(form.is_bound and form.errors for form in _forms_in(response)):
        return True
    levels = [m.level for m in get_messages(response.wsgi_request)]
    return any(level >= message_levels.ERROR for level in levels)


def fuzz(site, name, method):
    persona, form, page = site.shown[name, method]
    headers = {"HX-Request": "true"} if form.htmx else {}
    login = reverse("login")

    @FUZZ
    @given(data=form_strategy(name, form, _django_fields(page)))
    def send(data):
        client = site.clients[persona]
        if name == "logout":  # a client of her own, so that hers stays logged in
            client = Client()
            client.force_login(site.users[persona])
        client.cookies.pop("messages", None)  # only this request's messages
        with transaction.atomic():
            before = row_counts(TABLES)
            response = getattr(client, method)(form.action, data, headers=headers)
            after = row_counts(TABLES)
            transaction.set_rollback(True)
        assert response.status_code < 500, (name, persona, data)
        location = response.headers.get("Location", "")
        if persona != "anonymous" and name != "logout":
            assert not location.startswith(login), (name, persona, "logged out")
        changes = changed_counts(before, after)
        if method == "get" or _refused(response):
            assert not changes, (name, persona, data, response.status_code, changes)

    send()


@pytest.mark.parametrize("name", named_urls())
def test_random_input_gives_no_server_error_and_a_refusal_changes_nothing(site, db, name):
    methods = [m for (target, m) in site.shown if target == name]
    for method in methods:
        fuzz(site, name, method)


def test_the_forms_of_the_site_are_found(site, db):
    posted = {name for name, method in site.shown if method == "post"}
    assert len(posted) > 60

    assert {"meetings:attendance_mark", "fees:month_entry", "members:edit", "reviews:confirm"} <= (
        posted
    )


def test_a_refusal_is_told_from_a_save(site, db):
    """The oracle above: the same form sent empty is refused; sent as a user fills it, saved."""
    persona, form, _page = site.shown["meetings:guest_add", "post"]
    client = site.clients[persona]
    for data, refused in (({}, True), (filled_in("meetings:guest_add", form), False)):
        with transaction.atomic():
            before = row_counts(TABLES)
            response = client.post(form.action, data)
            changes = changed_counts(before, row_counts(TABLES))
            transaction.set_rollback(True)
        assert _refused(response) is refused, data
        assert bool(changes) is not refused, data
