"""`make screenshots`: PNGs of the main pages from the demo data into docs/screenshots/.

Uses a throwaway database on the server of DATABASE_URL (make starts the embedded one)
and Debian's Chromium (apt-get install chromium).
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from localserver import free_port, wait_until_up
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
PAGES = [
    ("login", "/accounts/login/", False),
    ("home", "/", True),
    ("article", "/articles/minimally-invasive-spine-surgery/", True),
    ("article-figures", "/articles/minimally-invasive-spine-surgery/#surgical-care", True),
    ("estimate", "/estimates/?procedure=63030&procedure=22612&coverage=medicare&deductible_remaining=0", True),
    ("my-page", "/me/", True),
    ("warning-signs", "/warning-signs/", True),
    # Last, as the switch is remembered on the account: the Spanish header and spine map.
    ("home-spanish", "/", True),
]
SPANISH = {"home-spanish"}
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def main() -> int:
    if not Path(CHROMIUM).exists():
        print("make screenshots needs Chromium: apt-get install chromium", file=sys.stderr)
        return 2
    server_url = os.environ["DATABASE_URL"]
    name = f"screens_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        return shoot(
            {
                **os.environ,
                "DJANGO_DEBUG": "true",
                "DATABASE_URL": urlsplit(server_url)._replace(path=f"/{name}").geturl(),
            }
        )
    finally:
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def shoot(env: dict[str, str]) -> int:
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "manage.py", "load_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen(
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for size_name, viewport in SIZES.items():
                page = browser.new_context(viewport=viewport).new_page()
                for name, path, needs_login in PAGES:
                    if needs_login and "/accounts/login/" in page.url or needs_login and page.url == "about:blank":
                        page.goto(base + "/accounts/login/")
                        page.get_by_label("Email address").fill("patient@example.com")
                        page.get_by_label("Password").fill("demo-patient-pass")
                        page.get_by_role("button", name="Log in").click()
                    if name in SPANISH and page.get_by_role("button", name="Español").count():
                        page.get_by_role("button", name="Español").click()
                    response = page.goto(base + path.split("#")[0])  # the anchor is scrolled to below
                    if response is None or response.status != 200:
                        print(f"skipped {path}: status {response.status if response else 'none'}")
                        continue
                    if "#" in path:  # the first figure after the section the anchor names, in the middle
                        page.locator(f"#{path.split('#')[1]} + figure").evaluate(
                            "figure => figure.scrollIntoView({block: 'center', behavior: 'instant'})"
                        )
                    page.mouse.move(0, 0)  # no hover left from the last click
                    target = OUT / f"{name}-{size_name}.png"
                    page.screenshot(path=str(target))
                    print(f"wrote {target.relative_to(ROOT)}")
                    if name in SPANISH:  # back to English for the next screen size's login
                        page.get_by_role("button", name="English").click()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
