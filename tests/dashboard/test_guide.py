"""The user guide (`dashboard/guide/`, `dashboard/templatetags/guide.py`, `templates/guide/`).

Without a browser: every screenshot a template names is in the registry, exists, and is the
picture the browser test (`tests/e2e/test_guide_screenshots.py`) made from the shot's current
definition — a stale or hand-made picture fails; every "Guide" link opens an existing section;
everyone logged in reads every page, the logged-out visitor is sent to log in; the print view
holds the three roles; the pages cost the same queries whatever the size of the committee.
"""

import copy
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cells.rules import rules_for
from dashboard.guide import shots
from dashboard.guide.pages import ROLES
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
SHOT_TAG = re.compile(r'{%\s*guide_shot\s+"([^"]+)"')
LINK_TAG = re.compile(r'{%\s*guide_link\s+"([^"]+)"(?:\s+"([^"]*)")?')


def _templates():
    return {
        path.relative_to(TEMPLATES_DIR).as_posix(): path.read_text(encoding="utf-8")
        for path in TEMPLATES_DIR.rglob("*.html")
    }


def _named(pattern):
    return {
        (name, match.groups())
        for name, text in _templates().items()
        for match in pattern.finditer(text)
    }


# --- the screenshots --------------------------------------------------------------------------


def test_every_screenshot_the_guide_names_is_defined_taken_and_current():
    named = {groups[0] for _, groups in _named(SHOT_TAG)}
    assert named, "the guide's templates show screenshots"
    assert named <= set(shots.SHOTS), sorted(named - set(shots.SHOTS))
    # Every shot the browser test takes is shown somewhere (none taken for nothing).
    assert set(shots.SHOTS) <= named, sorted(set(shots.SHOTS) - named)
    manifest = shots.read_manifest()
    for name in sorted(named):
        path = shots.SHOTS_DIR / shots.filename(name)
        assert path.exists(), f"{path} is missing: run tests/e2e/test_guide_screenshots.py"
        entry = manifest.get(name)
        assert entry, f"{name} is not in the manifest"
        assert entry["definition"] == shots.SHOTS[name].definition_hash, (
            f"{name} was taken from another definition: run the browser test again"
        )
        assert entry["sha256"] == shots.file_sha256(path), f"{name} is not the picture taken"
        assert shots.is_current(name, manifest)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert path.stat().st_size <= 100_000, (name, path.stat().st_size)
    # The folder holds nothing else.
    pictures = {p.stem for p in shots.SHOTS_DIR.glob("*.png")}
    assert pictures == set(shots.SHOTS)


def test_a_stale_or_replaced_picture_is_not_current():
    manifest = shots.read_manifest()
    name = "secretary-home"
    assert shots.is_current(name, manifest)
    replaced = copy.deepcopy(manifest)
    replaced[name]["sha256"] = "0" * 64  # another picture than the one on disk
    assert not shots.is_current(name, replaced)
    stale = copy.deepcopy(manifest)
    stale[name]["definition"] = shots.Shot("member1", "/", 375, 740).definition_hash
    assert not shots.is_current(name, stale)
    assert not shots.is_current("no-such-shot", manifest)
    assert not shots.is_current(name, {})


def test_a_definition_hash_changes_with_every_field():
    shot = shots.SHOTS["secretary-home"]
    variants = [
        shots.Shot("member1", shot.path, shot.width, shot.height),
        shots.Shot(shot.persona, "/home/", shot.width, shot.height),
        shots.Shot(shot.persona, shot.path, 375, shot.height),
        shots.Shot(shot.persona, shot.path, shot.width, 600),
        shots.Shot(shot.persona, shot.path, shot.width, shot.height, selector="#x"),
        shots.Shot(shot.persona, shot.path, shot.width, shot.height, full_page=True),
    ]
    hashes = {v.definition_hash for v in variants} | {shot.definition_hash}
    assert len(hashes) == len(variants) + 1


def test_the_shots_are_desktop_or_phone_width():
    for name, shot in shots.SHOTS.items():
        assert shot.width in (1280, 375), name
        assert shot.persona in ("secretary1", "member1", "committee"), name
        assert shot.path.startswith("/"), name


# --- the links --------------------------------------------------------------------------------


def test_every_guide_link_opens_an_existing_section():
    links = _named(LINK_TAG)
    sources = {name for name, _ in links}
    # The homes and the pages the guide explains carry the link.
    for template in (
        "dashboard/home/_cell.html",  # the homes' cells' and member's parts
        "dashboard/home/_member.html",
        "dashboard/committee.html",
        "meetings/_meeting_detail_body.html",
        "meetings/attendance.html",
        "meetings/minutes_form.html",
        "meetings/votes.html",
        "meetings/_task_board_body.html",
        "meetings/my_tasks.html",
        "fees/cell_register.html",
        "fees/month_entry.html",
        "reviews/self_assessment.html",
        "reviews/year.html",
    ):
        assert template in sources, template
    pages = {slug: (TEMPLATES_DIR / role.template).read_text() for slug, role in ROLES.items()}
    for template, (role, anchor) in links:
        assert role in ROLES, (template, role)
        if anchor:
            assert f'id="{role}-{anchor}"' in pages[role], (template, role, anchor)


def test_the_link_tag_renders_the_anchor_and_refuses_an_unknown_role():
    html = Template('{% load guide %}{% guide_link "member" "tasks" %}').render(Context())
    assert 'href="/guide/member/#member-tasks"' in html
    assert "bi-question-circle" in html
    with pytest.raises(TemplateSyntaxError):
        Template('{% load guide %}{% guide_link "nobody" "x" %}').render(Context())
    with pytest.raises(TemplateSyntaxError):
        Template('{% load guide %}{% guide_shot "no-such-shot" "x" %}').render(Context())


# --- the pages --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def _people(module_db):
    committee = CommitteeFactory()
    term = TermFactory(committee=committee)
    cell = CellFactory(committee=committee)
    member = member_user(MemberFactory(committee=committee, cell=cell))
    secretary_member = MemberFactory(committee=committee, cell=cell)
    PositionFactory(member=secretary_member, cell=cell, term=term, role="cell_secretary")
    return {
        "committee": committee,
        "cell": cell,
        "users": {
            "member": member,
            "cell_secretary": member_user(secretary_member),
            "committee_officer": CommitteeRoleFactory(committee=committee, role="officer").user,
            "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
            "no_role": UserFactory(),
            "superuser": UserFactory(is_superuser=True, is_staff=True),
        },
    }


@pytest.fixture
def people(_people, db):
    return copy.deepcopy(_people)


PAGES = [
    ("dashboard:guide", {}),
    ("dashboard:guide_print", {}),
    *[("dashboard:guide_role", {"role": slug}) for slug in ROLES],
]


@pytest.mark.parametrize(
    "persona", ["member", "cell_secretary", "committee_officer", "observer", "no_role", "superuser"]
)
def test_everyone_logged_in_reads_every_page(client, people, persona):
    client.force_login(people["users"][persona])
    for name, kwargs in PAGES:
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, (name, kwargs, persona)


def test_logged_out_is_sent_to_log_in(client):
    for name, kwargs in PAGES:
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert f"{REDIRECT_FIELD_NAME}=" in response["Location"]


def test_unknown_role_is_404_and_the_pages_are_read_only(client, people):
    client.force_login(people["users"]["member"])
    for role in ("nobody", "print2", "x" * 300):
        assert client.get(f"/guide/{role}/").status_code == 404
    for name, kwargs in PAGES:
        assert client.post(reverse(name, kwargs=kwargs)).status_code == 405


def test_a_role_page_has_its_numbered_sections_and_pictures(client, people):
    client.force_login(people["users"]["member"])
    for slug, role in ROLES.items():
        html = client.get(reverse("dashboard:guide_role", args=[slug])).content.decode()
        source = (TEMPLATES_DIR / role.template).read_text()
        sections = re.findall(r'<section class="guide-section" id="([^"]+)"', source)
        assert sections, slug
        for index, anchor in enumerate(sections, start=1):
            assert f'id="{anchor}"' in html
            assert f'href="#{anchor}"' in html  # the table of contents
            assert re.search(rf'id="{anchor}">\s*<h2 class="h4">{index}\. ', html), anchor
        for name in SHOT_TAG.findall(source):
            assert f'src="{settings.STATIC_URL}guide/{name}.png"' in html
        assert html.count("<figcaption") == len(SHOT_TAG.findall(source))
        assert 'lang="vi"' in html


def test_the_index_lists_the_three_roles_and_the_print_view(client, people):
    client.force_login(people["users"]["observer"])
    html = client.get(reverse("dashboard:guide")).content.decode()
    for slug in ROLES:
        assert f'href="{reverse("dashboard:guide_role", args=[slug])}"' in html
    assert f'href="{reverse("dashboard:guide_print")}"' in html
    assert "Chọn phần hướng dẫn theo công việc" in html


def test_the_print_view_holds_every_role_with_a_print_button(client, people):
    client.force_login(people["users"]["member"])
    html = client.get(reverse("dashboard:guide_print")).content.decode()
    assert html.count('<article class="guide-role"') == len(ROLES)
    for slug, role in ROLES.items():
        assert f'id="guide-{slug}"' in html
        for name in SHOT_TAG.findall((TEMPLATES_DIR / role.template).read_text()):
            assert f"guide/{name}.png" in html
    assert "js-print" in html
    assert "<script>" not in html  # no inline script (CSP): chibo.js opens the print dialog
    assert 'media="print"' in html
    print_css = (Path(settings.BASE_DIR) / "static/css/print.css").read_text()
    assert ".guide-role + .guide-role" in print_css and "break-before: page" in print_css
    assert "size: A4" in print_css


def test_english_readers_get_a_note(client, people):
    client.force_login(people["users"]["member"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("dashboard:guide_role", args=["member"])).content.decode()
    assert "guide-english-note" in html
    assert "written in Vietnamese" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    html = client.get(reverse("dashboard:guide_role", args=["member"])).content.decode()
    assert "guide-english-note" not in html


def test_the_user_menu_and_the_homes_link_to_the_guide(client, people):
    client.force_login(people["users"]["cell_secretary"])
    html = client.get(reverse("dashboard:my_home")).content.decode()
    assert f'href="{reverse("dashboard:guide")}"' in html  # the user menu
    assert 'href="/guide/secretary/#secretary-home"' in html
    client.force_login(people["users"]["member"])
    html = client.get(reverse("dashboard:my_home")).content.decode()
    assert 'href="/guide/member/#member-home"' in html
    client.force_login(people["users"]["committee_officer"])
    url = reverse("dashboard:committee", args=[people["committee"].pk])
    assert 'href="/guide/committee/#committee-dashboard"' in client.get(url).content.decode()


def test_the_pages_cost_the_same_queries_for_a_small_and_a_large_committee(
    client, people, django_assert_num_queries
):
    client.force_login(people["users"]["cell_secretary"])
    small = {}
    for name, kwargs in PAGES:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, kwargs=kwargs)).status_code == 200
        small[name, tuple(kwargs.items())] = len(queries)
    for _ in range(45):
        member_user(MemberFactory(committee=people["committee"], cell=people["cell"]))
    for name, kwargs in PAGES:
        with django_assert_num_queries(small[name, tuple(kwargs.items())]):
            assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


def test_the_guide_states_the_readers_committee_rules(client, people):
    """The thresholds the guide names are her committee's settings, not fixed numbers."""
    committee = people["committee"]
    client.force_login(people["users"]["cell_secretary"])
    url = reverse("dashboard:guide_role", args=["secretary"])
    html = client.get(url).content.decode()
    assert "ít nhất <strong>1 ngày</strong>" in html
    assert "ngắn hơn 90 phút (120 phút khi có chuyên đề)" in html
    rules = rules_for(committee)
    rules.document_lead_days, rules.min_meeting_minutes, rules.min_topic_meeting_minutes = (
        3,
        100,
        150,
    )
    rules.save()
    html = client.get(url).content.decode()
    assert "ít nhất <strong>3 ngày</strong>" in html
    assert "ngắn hơn 100 phút (150 phút khi có chuyên đề)" in html
    # A user of no committee reads the defaults.
    client.force_login(people["users"]["no_role"])
    assert "ít nhất <strong>1 ngày</strong>" in client.get(url).content.decode()
