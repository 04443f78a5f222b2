"""Reading offline in a real browser (issue 24): the service worker (static/js/sw.js) keeps what
the server marks, shows it with no connection "as of" when it was kept, posts the receipt of a
document opened offline once back online, and keeps nothing of anyone after a logout, for another
user, or from a confidential page.

"Offline" is Chromium's offline mode for the page, and for the service worker's own requests (which
that mode does not reach) an aborted route: Playwright sees them with
PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS (tests/e2e/conftest.py).
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cells.models import Committee
from cells.services import rules_update
from demo.management.commands.seed_demo import COMMITTEE
from meetings.models import Document, Meeting, ReadReceipt
from meetings.planning import documents as document_services
from members.models import Member, User
from tests.e2e.meetings import next_cb1_meeting
from tests.e2e.test_foundation import login

pytestmark = pytest.mark.usefixtures("demo_data")

KEPT = (
    "caches.open('chibo-pages').then(c => c.keys()).then(k => k.map(r => new URL(r.url).pathname))"
)
DAY = 86_400_000


def _sw_offline(route):
    if route.request.service_worker:
        route.abort("internetdisconnected")
    else:
        route.continue_()


def _offline(context):
    context.set_offline(True)
    context.route("**", _sw_offline)


def _online(context):
    context.unroute("**", _sw_offline)
    context.set_offline(False)


def _phone(browser, width=375):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": width, "height": 800}, service_workers="allow"
    )
    context.set_default_timeout(15_000)
    return context, context.new_page()


def _until(page, predicate):
    """Wait until the async JavaScript `predicate` (an arrow function) is true, polled in the page
    by `evaluate` (which the CSP lets run; `wait_for_function`'s eval it refuses)."""
    page.evaluate(
        f"""new Promise((resolve, reject) => {{
            const check = {predicate};
            const started = Date.now();
            const tick = () => Promise.resolve(check()).then(ok => ok ? resolve(true)
                : Date.now() - started > 10000 ? reject(new Error("timeout"))
                : setTimeout(tick, 50));
            tick();
        }})"""
    )


def _ready(page):
    """The service worker is active and serves this page. A page that began loading while the
    worker was being installed may stay without it (the worker claims the pages open when it is
    activated): the next load has it."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    for _attempt in range(3):
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            return
        page.reload()
    raise AssertionError("the service worker never served the page")


def _tell(page, message):
    """Send the service worker a message, as a page's script can, and wait for its answer."""
    page.evaluate(
        """message => new Promise(resolve => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve(true);
            navigator.serviceWorker.controller.postMessage(message, [channel.port2]);
        })""",
        message,
    )


def _visit(page, url):
    """Open a page online and wait until the worker has done what it does after a page."""
    page.goto(url)
    page.evaluate("window.chiboOffline || null")


def _next_meeting():
    meeting = next_cb1_meeting()
    documents = list(meeting.documents.filter(archived=False).order_by("pk"))
    assert documents, "the demo's next CB1 meeting has documents"
    return meeting, documents


def _member1_keeps_her_next_meeting(browser, base, password):
    """member1 on her phone, logged in, has opened her next meeting (kept with its documents)."""
    meeting, documents = _next_meeting()
    context, page = _phone(browser)
    login(page, base, password, username="member1")
    _ready(page)
    _visit(page, base + meeting.get_absolute_url())
    return context, page, meeting, documents


def test_member_reads_her_next_meeting_offline_and_the_receipt_follows(
    browser, live_server, demo_password
):
    base = live_server.url
    meeting, documents = _next_meeting()
    member = Member.objects.get(user__username="member1")
    ReadReceipt.objects.filter(member=member, document__in=documents).delete()
    context, page = _phone(browser)
    login(page, base, demo_password, username="member1")
    _ready(page)
    _visit(page, base + meeting.get_absolute_url())
    kept = page.evaluate(KEPT)
    assert meeting.get_absolute_url() in kept
    assert {d.get_absolute_url() for d in documents} <= set(kept)
    # Fetched to be kept is not read: no receipt yet.
    assert not ReadReceipt.objects.filter(member=member, document__in=documents).exists()

    # The app is down behind its proxy: the proxy's error page is not the app's, and the kept
    # copy is shown instead (and stays kept).
    def bad_gateway(route):
        if route.request.service_worker and route.request.url == base + meeting.get_absolute_url():
            route.fulfill(status=502, body="502 Bad Gateway", content_type="text/html")
        else:
            route.continue_()

    context.route("**", bad_gateway)
    page.reload()
    expect(page.locator("#offline-banner")).to_be_visible()
    context.unroute("**", bad_gateway)
    assert meeting.get_absolute_url() in page.evaluate(KEPT)

    _offline(context)
    page.reload()
    banner = page.locator("#offline-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Bản lưu")
    expect(banner.locator("time")).to_have_text(re.compile(r"^\d\d/\d\d/\d{4} \d\d:\d\d$"))
    first_item = meeting.agenda_items.order_by("position").first()
    expect(page.get_by_text(first_item.title).first).to_be_visible()

    document = documents[0]
    response = page.goto(base + document.get_absolute_url())
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    # A page that was not kept: the offline page, with what is kept on the phone.
    page.goto(base + "/meetings/resolutions/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ngoại tuyến")
    expect(page.locator("#offline-kept a", has_text=str(meeting.date.year))).to_have_count(1)
    assert not ReadReceipt.objects.filter(member=member, document=document).exists()

    _online(context)
    _visit(page, base + "/")
    _until(
        page,
        "() => caches.open('chibo-meta').then(c => c.keys())"
        ".then(k => !k.some(r => r.url.includes('/__chibo/receipt')))",
    )
    receipt = ReadReceipt.objects.get(member=member, document=document)
    assert receipt.offline
    # Only what she opened: the documents fetched to be kept are not read.
    assert not ReadReceipt.objects.filter(member=member, document__in=documents[1:]).exists()
    context.close()


def test_nothing_of_hers_is_readable_after_logout_or_by_the_next_user(
    browser, live_server, demo_password
):
    base = live_server.url
    context, page, meeting, _documents = _member1_keeps_her_next_meeting(
        browser, base, demo_password
    )
    _visit(page, base + "/meetings/tasks/mine/")
    assert len(page.evaluate(KEPT)) >= 2

    # Her session ends without a logout: the log-in page deletes what was kept.
    context.clear_cookies()
    page.goto(base + "/")
    expect(page.locator("#id_username")).to_be_visible()
    _until(page, f"() => {KEPT}.then(k => k.length === 0)")

    # A logout deletes everything the site stored (Clear-Site-Data).
    login(page, base, demo_password, username="member1")
    _ready(page)
    _visit(page, base + meeting.get_absolute_url())
    assert meeting.get_absolute_url() in page.evaluate(KEPT)
    page.evaluate("document.querySelector('form[action$=\"/logout/\"]').submit()")
    expect(page.locator("#id_username")).to_be_visible()
    assert page.evaluate(KEPT) == []

    # The next user, offline: her pages are not there.
    login(page, base, demo_password, username="secretary1")
    _ready(page)
    _visit(page, base + "/")
    _offline(context)
    page.goto(base + meeting.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("ngoại tuyến")
    expect(page.locator("#offline-none")).to_be_visible()
    _online(context)
    context.close()


def test_confidential_pages_are_never_kept(browser, live_server, demo_password):
    base = live_server.url
    meeting, _documents = _next_meeting()
    committee = Committee.objects.get(name=COMMITTEE["name"])
    held = (
        Meeting.objects.filter(committee=committee, status__in=["held", "approved"])
        .order_by("-date")
        .first()
    )
    principal = Member.objects.get(user__username="committee")
    year = timezone.localdate().year
    confidential = [
        f"/meetings/{held.pk}/criticism/",
        f"/members/{principal.pk}/",
        "/members/me/",
        "/members/",
        "/reviews/",
        f"/reviews/self/{year}/",
        "/reviews/supervision/",
        "/meetings/resolutions/",
        "/meetings/tasks/",
        f"/dashboard/{committee.pk}/",
    ]
    context, page = _phone(browser, width=1280)
    login(page, base, demo_password, username="committee")
    _ready(page)
    for url in confidential:
        _visit(page, base + url)
    _visit(page, base + meeting.get_absolute_url())
    # A page's script asks the worker to keep confidential pages: it fetches them, and the
    # server's answer, unmarked, is not kept.
    _tell(page, {"type": "keep", "urls": [base + url for url in confidential]})
    kept = page.evaluate(KEPT)
    assert meeting.get_absolute_url() in kept
    assert not set(kept) & set(confidential), kept
    for url in kept:
        assert re.fullmatch(r"/meetings/(\d+/(documents/\d+/)?|tasks/mine/)", url), url
    context.close()

    # An observer has no member record: nothing of the committee's is kept on her phone.
    context, page = _phone(browser)
    login(page, base, demo_password, username="observer")
    _ready(page)
    _visit(page, base + meeting.get_absolute_url())
    assert page.evaluate(KEPT) == []
    context.close()


def test_a_document_taken_off_the_meeting_and_expired_pages_disappear(
    browser, live_server, demo_password
):
    base = live_server.url
    context, page, meeting, documents = _member1_keeps_her_next_meeting(
        browser, base, demo_password
    )
    gone = documents[0]
    assert gone.get_absolute_url() in page.evaluate(KEPT)

    secretary = User.objects.get(username="secretary1")
    document_services.document_archive(document=gone, by=secretary)
    assert Document.objects.get(pk=gone.pk).archived
    # Back online (the "online" event): the worker asks what may still be kept.
    page.evaluate("window.dispatchEvent(new Event('online')); window.chiboOffline")
    kept = page.evaluate(KEPT)
    assert gone.get_absolute_url() not in kept
    assert meeting.get_absolute_url() in kept

    # After the committee's number of days, nothing is kept.
    days = Committee.objects.get(name=COMMITTEE["name"]).rules.offline_keep_days
    _tell(page, {"type": "purge", "now": page.evaluate("Date.now()") + (days + 1) * DAY})
    assert page.evaluate(KEPT) == []

    # The committee keeps nothing any more: the page shown again is not kept.
    _visit(page, base + meeting.get_absolute_url())
    assert meeting.get_absolute_url() in page.evaluate(KEPT)
    committee = Committee.objects.get(name=COMMITTEE["name"])
    officer = User.objects.get(username="committee")
    rules_update(committee=committee, by=officer, offline_keep_days=0)
    _visit(page, base + meeting.get_absolute_url())
    assert page.evaluate(KEPT) == []
    context.close()
