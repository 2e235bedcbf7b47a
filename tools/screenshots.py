#!/usr/bin/env python3
"""Take the README's screenshots from a running Odoo with the demo data.

Start Odoo first (``make run DB=demo ODOO_ARGS="--http-port=8069"``), then::

    python3 tools/screenshots.py --url http://localhost:8069 --db demo

It logs in (``admin`` / ``admin`` by default), drives the machine's headless
Chromium through the DevTools protocol (``websocket-client``, which the
browser tests need anyway) and writes one PNG a key screen, 1280x800, into
``docs/screenshots/``.  Nothing is downloaded.
"""

import argparse
import base64
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import websocket

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 1280, 800

# (file name, demo record xmlid, model, tab to open or None)
SCREENS = [
    (
        "contract_form.png",
        "service_contract_coverage.contract_coverage_premium",
        "service.contract",
        None,
    ),
    (
        "unit_coverage.png",
        "service_contract.lot_printer_001",
        "stock.lot",
        "Coverage",
    ),
    (
        "order_line_coverage.png",
        "service_contract_coverage.sale_order_printer_coverage",
        "sale.order",
        None,
    ),
    (
        "repair_discount.png",
        "service_contract_coverage.repair_printer_002",
        "repair.order",
        "Coverage",
    ),
    (
        "meters.png",
        "service_contract_meter.contract_forklift_1",
        "service.contract",
        "Meters",
    ),
    (
        "invoicing_tab.png",
        "service_contract_billing.demo_contract_billing_maintenance",
        "service.contract",
        "Invoicing",
    ),
]


# Tabs whose key content starts below the fold: that group is scrolled to.
SCROLL_TO_TAB = {"Invoicing": "Invoicing Elements"}


class Session:
    """JSON-RPC to Odoo with the session cookie of a logged-in user."""

    def __init__(self, url, db, login, password):
        self.url = url.rstrip("/")
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )
        self.call(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": password},
        )

    def call(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "params": params}).encode()
        request = urllib.request.Request(
            self.url + path, body, {"Content-Type": "application/json"}
        )
        with self.opener.open(request) as response:
            answer = json.load(response)
        if answer.get("error"):
            sys.exit(f"{path}: {answer['error']['data']['message']}")
        return answer["result"]

    def xmlid_to_res_id(self, xmlid):
        module, name = xmlid.split(".")
        rows = self.call(
            "/web/dataset/call_kw",
            {
                "model": "ir.model.data",
                "method": "search_read",
                "args": [[("module", "=", module), ("name", "=", name)], ["res_id"]],
                "kwargs": {},
            },
        )
        if not rows:
            sys.exit(f"No demo record {xmlid}: install the addons with demo data.")
        return rows[0]["res_id"]

    @property
    def session_id(self):
        return next(c.value for c in self.jar if c.name == "session_id")


class Browser:
    """Headless Chromium driven through the DevTools protocol."""

    def __init__(self, executable, port=9333):
        self.profile = tempfile.mkdtemp(prefix="sc_shots_")
        self.process = subprocess.Popen(
            [
                executable,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                f"--window-size={WIDTH},{HEIGHT}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        targets = None
        for _attempt in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as r:
                    targets = [t for t in json.load(r) if t["type"] == "page"]
                if targets:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        if not targets:
            self.close()
            sys.exit("Chromium did not start.")
        self.ws = websocket.create_connection(targets[0]["webSocketDebuggerUrl"])
        self.next_id = 0
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True
        )
        return result.get("result", {}).get("value")

    def wait_for(self, expression, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(expression):
                return True
            time.sleep(0.3)
        return False

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


READY = (
    "!!document.querySelector('.o_form_view .o_form_sheet') && "
    "!document.querySelector('.o_loading_indicator, .o_blockUI')"
)


def open_tab(browser, tab):
    label = json.dumps(tab)
    return browser.evaluate(
        "(() => { const link = [...document.querySelectorAll("
        "'.o_notebook .nav-link')].find(a => a.textContent.trim() === "
        f"{label}); if (link) {{ link.click(); return true; }} return false; }})()"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args()

    session = Session(args.url, args.db, args.login, args.password)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    browser = Browser(args.chromium)
    try:
        host = args.url.split("//", 1)[1].split("/", 1)[0].split(":")[0]
        browser.send(
            "Network.setCookie",
            name="session_id",
            value=session.session_id,
            domain=host,
            path="/",
        )
        for filename, xmlid, model, tab in SCREENS:
            res_id = session.xmlid_to_res_id(xmlid)
            browser.send("Page.navigate", url=f"{args.url}/odoo/{model}/{res_id}")
            time.sleep(1)
            if not browser.wait_for(READY):
                sys.exit(f"{filename}: the form of {model} {res_id} did not open.")
            if tab and not open_tab(browser, tab):
                sys.exit(f"{filename}: no tab {tab!r} on the {model} form.")
            if tab in SCROLL_TO_TAB:
                # Show the tab's content rather than the header above it.
                label = json.dumps(SCROLL_TO_TAB[tab].upper())
                browser.evaluate(
                    "[...document.querySelectorAll('.o_horizontal_separator')]"
                    f".find(e => e.textContent.trim().toUpperCase() === {label})"
                    "?.scrollIntoView()"
                )
            time.sleep(1.5)
            browser.screenshot(out / filename)
            print(
                f"{out / filename}: {model} {res_id}" + (f", tab {tab}" if tab else "")
            )
    finally:
        browser.close()


if __name__ == "__main__":
    main()
