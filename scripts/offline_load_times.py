"""How fast a member's pages show on a bad connection, with the service worker (issue 24).

    make run                                          # in one terminal: the demo on :8000
    .venv/bin/python scripts/offline_load_times.py    # in another
    .venv/bin/python scripts/offline_load_times.py --server http://127.0.0.1:8000 --runs 5

The profile is a highland school's connection: 400 ms round trip and 400 kbit/s down (and up).
Chromium's own network emulation does not reach a service worker's requests (as its offline mode
does not), so the script puts the profile on every byte between the browser and the app: a small
proxy (here, on a free port) holds each chunk for half the round trip each way and lets through no
more than 400 kbit/s, and holds each new connection for a round trip (its handshake).

For `member1`, in Debian's Chromium at 375 px, it measures her home and her next meeting's page:
- a first visit, with no service worker (a new browser: every static file comes over the line);
- repeat visits with the service worker installed (the static files from the phone, the page from
  the network, which stays the source of truth).
Each figure is the median of `--runs` loads, in ms from the start of the navigation: the first
contentful paint (the content shows), the largest contentful paint, and the load event; then the
storage the phone uses for the app (`navigator.storage.estimate`). Prints a table; measures, does
not test (no exit status but for errors).
"""

import argparse
import asyncio
import re
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PASSWORD = "chibo-demo-2025"

TIMINGS = """() => new Promise(resolve => {
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  let lcp = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) lcp = Math.max(lcp, entry.startTime);
  }).observe({type: "largest-contentful-paint", buffered: true});
  setTimeout(() => resolve({
    fcp: fcp ? fcp.startTime : null,
    lcp: lcp || null,
    load: nav.loadEventEnd,
    bytes: nav.transferSize,
    worker: navigator.serviceWorker.controller !== null,
  }), 100);
})"""


class Line:
    """A throttled line: one-way delay, and a bandwidth shared by everything going one way."""

    def __init__(self, rtt_ms: float, kbit: float):
        self.delay = rtt_ms / 2000
        self.rate = kbit * 1000 / 8  # bytes per second
        self.free_at = {"down": 0.0, "up": 0.0}

    def slot(self, direction: str, size: int) -> float:
        """When a chunk of `size` bytes has arrived at the other end."""
        now = time.monotonic()
        start = max(now, self.free_at[direction])
        self.free_at[direction] = start + size / self.rate
        return self.free_at[direction] + self.delay


async def _pipe(reader, writer, line: Line, direction: str):
    try:
        while chunk := await reader.read(16384):
            arrive = line.slot(direction, len(chunk))
            await asyncio.sleep(max(0.0, arrive - time.monotonic()))
            writer.write(chunk)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


def start_proxy(target_host: str, target_port: int, line: Line) -> int:
    """A throttling TCP proxy in a thread; returns its port."""
    ready = threading.Event()
    port = []

    async def handle(client_reader, client_writer):
        await asyncio.sleep(line.delay * 2)  # the connection's handshake
        server_reader, server_writer = await asyncio.open_connection(target_host, target_port)
        await asyncio.gather(
            _pipe(client_reader, server_writer, line, "up"),
            _pipe(server_reader, client_writer, line, "down"),
        )

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port.append(server.sockets[0].getsockname()[1])
        ready.set()
        async with server:
            await server.serve_forever()

    threading.Thread(target=lambda: asyncio.run(main()), daemon=True).start()
    ready.wait()
    return port[0]


def _login(page, base):
    page.goto(base + "/account/login/")
    page.fill("#id_username", "member1")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r".*/$"))


def _next_meeting(page, base) -> str:
    """Her next meeting's address, read from her home."""
    page.goto(base + "/")
    links = page.eval_on_selector_all(
        "main a[href^='/meetings/']", "links => links.map(a => a.getAttribute('href'))"
    )
    meetings = [link for link in links if re.fullmatch(r"/meetings/\d+/", link)]
    if not meetings:
        raise SystemExit("member1's home links no meeting: is the demo data loaded?")
    return meetings[0]


def _measure(page, url: str) -> dict:
    page.goto(url, wait_until="load")
    return page.evaluate(TIMINGS)


def _median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values)) if values else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="http://127.0.0.1:8000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rtt", type=float, default=400, help="round trip, ms")
    parser.add_argument("--kbit", type=float, default=400, help="bandwidth, kbit/s")
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    host, port = re.match(r"https?://([^:/]+):(\d+)", options.server).groups()
    base = f"http://{host}:{start_proxy(host, int(port), Line(options.rtt, options.kbit))}"
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # The first visit: no service worker, nothing on the phone.
        context = browser.new_context(
            viewport={"width": 375, "height": 800}, locale="vi-VN", service_workers="block"
        )
        page = context.new_page()
        page.set_default_timeout(60_000)
        _login(page, base)
        meeting = _next_meeting(page, base)
        pages = {"member's home": base + "/", "her next meeting": base + meeting}
        for name, url in pages.items():
            runs = []
            for _ in range(options.runs):
                context.clear_cookies()  # a new phone, but logged in again below
                _login(page, base)
                # A new context would be a new phone; the HTTP cache is emptied instead.
                client = context.new_cdp_session(page)
                client.send("Network.clearBrowserCache")
                runs.append(_measure(page, url))
            rows.append((name, "first visit, no service worker", runs))
        context.close()

        # Repeat visits with the service worker installed.
        context = browser.new_context(
            viewport={"width": 375, "height": 800}, locale="vi-VN", service_workers="allow"
        )
        page = context.new_page()
        page.set_default_timeout(60_000)
        _login(page, base)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        for url in pages.values():
            page.goto(url)  # kept once, as she would have opened them
            page.evaluate("window.chiboOffline || null")
        for name, url in pages.items():
            runs = [_measure(page, url) for _ in range(options.runs)]
            rows.append((name, "repeat visit, service worker installed", runs))
        storage = page.evaluate("navigator.storage.estimate().then(e => e.usage)")
        kept = page.evaluate("caches.open('chibo-pages').then(c => c.keys()).then(k => k.length)")
        context.close()
        browser.close()

    print(
        f"Profile: {options.rtt:.0f} ms round trip, {options.kbit:.0f} kbit/s; 375 px; "
        f"median of {options.runs} loads, ms from the navigation's start"
    )
    print(f"{'page':<18} {'visit':<40} {'FCP':>6} {'LCP':>6} {'load':>6} {'kB':>6} worker")
    for name, visit, runs in rows:
        kb = _median([r["bytes"] for r in runs])
        print(
            f"{name:<18} {visit:<40} {_median([r['fcp'] for r in runs]):>6} "
            f"{_median([r['lcp'] for r in runs]):>6} {_median([r['load'] for r in runs]):>6} "
            f"{(kb or 0) / 1000:>6.1f} {all(r['worker'] for r in runs)}"
        )
    print(f"Offline storage used: {storage / 1e6:.2f} MB ({kept} pages and documents kept)")


if __name__ == "__main__":
    main()
