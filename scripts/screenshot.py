#!/usr/bin/env python
"""Screenshot the demo timeline into docs/timeline.png (and a phone-sized docs/timeline-phone.png).

Builds a throw-away SQLite database (migrate + demo), serves it with runserver, logs in as the demo
analyst and photographs the page with Playwright driving Debian's chromium, with the defection expanded.

Usage: .venv/bin/python scripts/screenshot.py [--out docs/timeline.png]
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The server at {url} did not answer within {seconds} s.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "timeline.png")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3", "DEBUG": "1"}
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
        subprocess.run([*manage, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(f"{base}/admin/login/")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
                page.goto(f"{base}/admin/login/?next=/crises/venezuela-2019/")
                page.fill("#id_username", "analyst")
                page.fill("#id_password", "demo-analyst-pass")
                page.click("input[type=submit], button[type=submit]")
                page.wait_for_url("**/crises/venezuela-2019/")
                # Open the defection, the entry the README's three-click question is about.
                toggle = page.locator("article.entry:has(.type-defection) .entry-toggle").first
                if toggle.count():
                    toggle.click()
                    page.wait_for_selector(".panel")
                    page.mouse.move(0, 0)
                    page.evaluate("window.scrollTo(0, 0)")  # sticky headings sit where they belong
                page.screenshot(path=str(args.out), full_page=True)
                phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
                phone.context.add_cookies(page.context.cookies())
                phone.goto(f"{base}/crises/venezuela-2019/")
                phone.screenshot(path=str(args.out.with_name(args.out.stem + "-phone.png")), full_page=False)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"Wrote {args.out}")


if __name__ == "__main__":
    main()
