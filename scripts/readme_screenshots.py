#!/usr/bin/env python3
"""Take the readme screenshots of the add-ons from a running Odoo.

Start Odoo on a database with the demo data (``make run``), then, with any
Python that has ``websocket-client`` (the Odoo one has it after
``make install-requirements``):

    python scripts/readme_screenshots.py [--url http://localhost:8069] \\
        [--db crm_pme] [--only crm_pme_sales]

It drives a headless Chromium through its DevTools protocol: logs in (admin /
admin by default), opens each screen listed in ``SCREENS`` at desktop size
(1366x768) and at phone size (390x844, a touch device), waits until the web
client is idle, and writes
``addons/<add-on>/static/description/screenshots/<name>-<desktop|phone>.png``.
The readmes (readme/USAGE.md) show these files.
"""

import argparse
import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

DESKTOP = (1366, 768, False)
PHONE = (390, 844, True)

# (add-on, name, path after the URL, sizes): what a user of each add-on
# opens first, with the demo data.
SCREENS = [
    (
        "crm_pme_base",
        "companies",
        "/odoo/action-crm_pme_base.res_partner_action_companies",
        (DESKTOP, PHONE),
    ),
    (
        "crm_pme_base",
        "company",
        "/odoo/action-crm_pme_base.res_partner_action_companies/{company}",
        (DESKTOP, PHONE),
    ),
    (
        "crm_pme_base",
        "duplicates",
        "/odoo/action-crm_pme_base.crm_pme_duplicate_action",
        (DESKTOP,),
    ),
    (
        "crm_pme_marketing",
        "campaigns",
        "/odoo/action-crm_pme_marketing.crm_pme_campaign_action",
        (DESKTOP, PHONE),
    ),
    (
        "crm_pme_marketing",
        "geo",
        "/odoo/action-crm_pme_marketing.crm_pme_geo_report_action",
        (DESKTOP,),
    ),
    (
        "crm_pme_sales",
        "objectives",
        "/odoo/action-crm_pme_sales.crm_pme_objective_action",
        (DESKTOP, PHONE),
    ),
    (
        "crm_pme_sales",
        "portfolio",
        "/odoo/action-crm_pme_sales.res_partner_action_portfolio",
        (DESKTOP, PHONE),
    ),
    (
        "crm_pme_aftersales",
        "interventions",
        "/odoo/action-crm_pme_aftersales.crm_pme_intervention_action",
        (DESKTOP, PHONE),
    ),
    (
        "crm_pme_dashboards",
        "dashboard",
        "/odoo/action-crm_pme_dashboards.crm_pme_dashboard_action",
        (DESKTOP, PHONE),
    ),
]


class Chrome:
    """A headless Chromium and one page, driven over the DevTools protocol."""

    def __init__(self):
        import websocket

        self.profile = tempfile.mkdtemp(prefix="crm_pme_shots_")
        binary = shutil.which("chromium") or shutil.which("google-chrome")
        if not binary:
            raise SystemExit("Chromium is not installed")
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--remote-debugging-port=9333",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(50):
            try:
                with urllib.request.urlopen("http://127.0.0.1:9333/json") as answer:
                    pages = [p for p in json.load(answer) if p["type"] == "page"]
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("Chromium did not start")
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
        )
        self.counter = 0

    def call(self, method, **params):
        self.counter += 1
        message = {"id": self.counter, "method": method, "params": params}
        self.ws.send(json.dumps(message))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.counter:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True)
        return result.get("result", {}).get("value")

    def size(self, width, height, mobile):
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )
        self.call("Emulation.setTouchEmulationEnabled", enabled=mobile)

    def goto(self, url):
        self.call("Page.navigate", url=url)

    def wait_idle(self, timeout=30):
        """Until the web client shows a view and no request is pending."""
        deadline = time.monotonic() + timeout
        script = (
            "!!document.querySelector('.o_action_manager .o_view_controller,"
            " .o_action_manager .o_action') && !document.querySelector("
            "'.o_loading_indicator, .o_blockUI')"
        )
        while time.monotonic() < deadline:
            if self.evaluate(script):
                time.sleep(1.5)  # charts and images
                return True
            time.sleep(0.3)
        return False

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def first_company(args):
    """Id of a demo company with a rich file, by JSON-RPC."""
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {
            "service": "object",
            "method": "execute_kw",
            "args": [
                args.db,
                2,
                args.password,
                "res.partner",
                "search",
                [
                    [
                        ("is_company", "=", True),
                        ("siret", "!=", False),
                        ("lifecycle_state", "=", "active"),
                    ]
                ],
                {"limit": 1, "order": "id"},
            ],
        },
    }
    request = urllib.request.Request(
        f"{args.url}/jsonrpc",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as answer:
        result = json.load(answer)
    return (result.get("result") or [0])[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="crm_pme")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--only", default="", help="comma-separated add-ons")
    args = parser.parse_args()
    only = {a for a in args.only.split(",") if a}
    company = first_company(args)
    chrome = Chrome()
    try:
        chrome.size(*DESKTOP)
        chrome.goto(f"{args.url}/web/login?db={args.db}")
        time.sleep(2)
        chrome.evaluate(
            f"document.querySelector('#login').value = {json.dumps(args.login)};"
            f"document.querySelector('#password').value = "
            f"{json.dumps(args.password)};"
            "document.querySelector('form.oe_login_form').submit(); true"
        )
        time.sleep(3)
        for addon, name, path, sizes in SCREENS:
            if only and addon not in only:
                continue
            for width, height, mobile in sizes:
                chrome.size(width, height, mobile)
                chrome.goto(args.url + path.format(company=company))
                time.sleep(1)
                ready = chrome.wait_idle()
                kind = "phone" if mobile else "desktop"
                out = (
                    REPO
                    / "addons"
                    / addon
                    / "static"
                    / "description"
                    / "screenshots"
                    / f"{name}-{kind}.png"
                )
                chrome.screenshot(out)
                print(f"{'ok' if ready else 'NOT READY'} {out.relative_to(REPO)}")
    finally:
        chrome.close()


if __name__ == "__main__":
    main()
