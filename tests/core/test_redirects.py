"""`core.redirects`: a `next` value is followed only when it is a safe local path (issue 17)."""

import pytest
from django.test import RequestFactory

from core.redirects import is_local_path, redirect_next, requested_next, safe_next

LOCAL = ["/", "/meetings/3/", "/meetings/tasks/?page=2&status=open", "/members/#member-4"]
HOSTILE = [
    "abc",
    "-1",
    "",
    None,
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    " /meetings/",
    "/meetings/\x00",
    "/meetings/\r\nSet-Cookie: x=1",
    "/meetings/\t",
    ["/meetings/"],
]


@pytest.mark.parametrize("url", LOCAL)
def test_a_local_path_is_followed(url):
    assert is_local_path(url)
    assert safe_next(url, "/home/") == url


@pytest.mark.parametrize("url", HOSTILE)
def test_anything_else_gives_the_default(url):
    assert not is_local_path(url)
    assert safe_next(url, "/home/") == "/home/"


def test_the_request_s_next_from_the_form_then_the_query():
    factory = RequestFactory()
    request = factory.post("/x/?next=/from-query/", {"next": "/from-form/"})
    assert requested_next(request, "/home/") == "/from-form/"
    request = factory.post("/x/?next=/from-query/", {})
    assert requested_next(request, "/home/") == "/from-query/"
    request = factory.get("/x/", {"next": "abc"})
    assert redirect_next(request, "/home/")["Location"] == "/home/"
    request = factory.get("/x/", {"next": "//evil.example"})
    assert redirect_next(request, "/home/")["Location"] == "/home/"
