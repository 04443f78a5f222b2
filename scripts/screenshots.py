"""Take the README screenshots (docs/screenshots/*.png) with Playwright and Debian's Chromium.

    .venv/bin/python scripts/screenshots.py            # own dev server on a throw-away database
    .venv/bin/python scripts/screenshots.py --base-url http://127.0.0.1:8000   # a running server

Without --base-url it migrates a temporary SQLite database, loads the demo data, starts
``manage.py runserver`` on a free port with DEBUG=1, takes the pictures and stops the server.
"""

import argparse
import ast
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
COMMITTEE_NAME = "Đảng bộ Trường THPT Krông Bông"
USERNAME = "committee"


def demo_password():
    """DEMO_PASSWORD from the seed_demo command, read without setting Django up."""
    source = (ROOT / "demo" / "management" / "commands" / "seed_demo.py").read_text()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(
            getattr(target, "id", None) == "DEMO_PASSWORD" for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise RuntimeError("DEMO_PASSWORD not found in seed_demo.py")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dev_server():
    with tempfile.TemporaryDirectory(prefix="chibo-shots-") as tmp:
        env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (["migrate", "--noinput"], ["seed_demo"]):
            subprocess.run(manage + command, env=env, cwd=ROOT, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen(
            [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base_url + "/health/", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                raise RuntimeError("the dev server did not start")
            yield base_url
        finally:
            server.terminate()
            server.wait(timeout=10)


def log_in(page, base_url, password):
    page.goto(base_url + "/account/login/")
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(base_url + "/")


def open_committee(page, base_url):
    page.goto(base_url + "/organisation/")
    page.get_by_role("link", name=COMMITTEE_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COMMITTEE_NAME)


def take(base_url, password):
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            # Login page on a phone (no session yet).
            context = browser.new_context(locale="vi-VN", viewport={"width": 375, "height": 800})
            page = context.new_page()
            page.goto(base_url + "/account/login/")
            page.screenshot(path=OUT / "login-phone.png", full_page=True)
            # Committee page on a phone, whole page.
            log_in(page, base_url, password)
            open_committee(page, base_url)
            page.screenshot(path=OUT / "committee-phone.png", full_page=True)
            context.close()

            # Committee page on a desktop, whole page (footer included).
            context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
            page = context.new_page()
            log_in(page, base_url, password)
            open_committee(page, base_url)
            page.screenshot(path=OUT / "committee-desktop.png", full_page=True)
            context.close()
        finally:
            browser.close()
    for png in sorted(OUT.glob("*.png")):
        print(f"{png.relative_to(ROOT)}: {png.stat().st_size // 1024} KB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="use this running server instead of starting one")
    args = parser.parse_args()
    password = demo_password()
    if args.base_url:
        take(args.base_url.rstrip("/"), password)
    else:
        with dev_server() as base_url:
            take(base_url, password)


if __name__ == "__main__":
    main()
