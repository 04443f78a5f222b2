"""The user guide's screenshots (issue 21, part 5), taken on the demo data by the demo logins.

Every shot of the registry (`dashboard.guide.shots.SHOTS`) is opened in a real browser, at its
window size, by its login: the page must answer 200 and the element to capture must be there.
The picture is written to `static/guide/<name>.png`, and `static/guide/manifest.json` records the
hash of the shot's definition and the SHA-256 of the picture, when the picture is missing or was
made from another definition, or always with `CHIBO_GUIDE_SHOTS=refresh` in the environment (the
demo's dates move with today, so an unchanged shot is not rewritten on every run).
`tests/dashboard/test_guide.py` then checks, without a browser, that the guide names only current
pictures.
"""

import os
from itertools import groupby

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cells.models import Cell, Committee
from cells.rules import rules_for
from dashboard.guide import shots
from dashboard.homes import minutes_to_approve, next_meeting
from demo.management.commands.seed_demo import COMMITTEE
from library.models import StudyCampaign
from meetings.models import Meeting
from tests.e2e.test_foundation import login

MAX_BYTES = 100_000


def demo_targets() -> dict:
    """The demo records the shots' paths name, found as the homes find them."""
    today = timezone.localdate()
    committee = Committee.objects.get(name=COMMITTEE["name"])
    cell = Cell.objects.get(committee=committee, code="CB1")
    upcoming = next_meeting(cell, today=today)
    pending = minutes_to_approve(cell, today=today, rules=rules_for(committee))
    approved = (
        Meeting.objects.filter(cell=cell, minutes__state="approved", motions__isnull=False)
        .order_by("-date")
        .first()
    )
    campaign = StudyCampaign.objects.filter(document__number__contains="12-CT/HU").get()
    assert upcoming and pending and approved, "the demo gives cell 1 these meetings"
    return {
        "committee": committee.pk,
        "cell": cell.pk,
        "next_meeting": upcoming.pk,
        "draft_meeting": pending[0].meeting.pk,
        "approved_meeting": approved.pk,
        "campaign": campaign.pk,
        "year": today.year,
        "last_year": today.year - 1,
        "month": f"{today.year:04d}-{today.month:02d}",
    }


def _take(page, base, name, shot, targets) -> bytes:
    response = page.goto(base + shot.path.format(**targets))
    assert response.status == 200, (name, response.status, page.url)
    if shot.selector:
        target = page.locator(shot.selector)
        expect(target).to_be_visible()
        return target.screenshot(animations="disabled")
    return page.screenshot(full_page=shot.full_page, animations="disabled")


@pytest.mark.usefixtures("demo_data")
def test_guide_screenshots(browser, live_server, demo_password):
    base = live_server.url
    targets = demo_targets()
    refresh = os.environ.get("CHIBO_GUIDE_SHOTS") == "refresh"
    manifest = shots.read_manifest()
    # Only the registry's shots stay in the manifest (and their pictures in the folder).
    manifest = {name: entry for name, entry in manifest.items() if name in shots.SHOTS}
    written = []

    def session(item):
        shot = item[1]
        return (shot.persona, shot.width, shot.height)

    for (persona, width, height), group in groupby(
        sorted(shots.SHOTS.items(), key=session), key=session
    ):
        context = browser.new_context(
            locale="vi-VN",
            viewport={"width": width, "height": height},
            reduced_motion="reduce",
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        login(page, base, demo_password, username=persona)
        for name, shot in group:
            taken = _take(page, base, name, shot, targets)
            if refresh or not shots.is_current(name, manifest):
                picture = shots.encode(taken)
                assert len(picture) <= MAX_BYTES, (name, len(picture))
                path = shots.SHOTS_DIR / shots.filename(name)
                path.write_bytes(picture)
                manifest[name] = {
                    "definition": shot.definition_hash,
                    "sha256": shots.file_sha256(path),
                    "persona": shot.persona,
                    "path": shot.path,
                }
                written.append(name)
        context.close()

    if written or manifest != shots.read_manifest():
        shots.write_manifest(manifest)
    for stale in shots.SHOTS_DIR.glob("*.png"):
        if stale.stem not in shots.SHOTS:
            stale.unlink()
    assert sorted(manifest) == sorted(shots.SHOTS)
    assert all(shots.is_current(name, manifest) for name in shots.SHOTS)


# Every picture of a role's page is loaded (the browser shows it, not a broken image).
IMAGES_LOADED_JS = """() => Array.from(document.querySelectorAll(".guide-figure img"))
    .map(img => ({src: img.getAttribute("src"), ok: img.complete && img.naturalWidth > 0}))"""


@pytest.mark.usefixtures("demo_data")
def test_guide_pages_show_their_pictures(browser, live_server, demo_password):
    """The observer opens the guide from the index and reads the secretary's page: every
    picture loads. `CHIBO_GUIDE_PREVIEW=<folder>` saves the page at a desktop and a phone size
    there, to look at."""
    base = live_server.url
    preview = os.environ.get("CHIBO_GUIDE_PREVIEW")
    for width, height in (shots.DESKTOP, shots.PHONE) if preview else (shots.DESKTOP,):
        context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
        page = context.new_page()
        login(page, base, demo_password, username="observer")
        page.goto(base + "/guide/")
        page.locator(".guide-role-card").first.click()
        expect(page).to_have_url(base + "/guide/secretary/")
        page.locator(".guide-figure img").last.scroll_into_view_if_needed()
        for img in page.locator(".guide-figure img").all():
            img.scroll_into_view_if_needed()
        page.wait_for_function(
            "Array.from(document.querySelectorAll('.guide-figure img')).every(i => i.complete)"
        )
        images = page.evaluate(IMAGES_LOADED_JS)
        assert images and all(image["ok"] for image in images), images
        if preview:
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=f"{preview}/guide-secretary-{width}.png", full_page=True)
        context.close()
