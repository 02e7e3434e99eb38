"""Take the README's screenshots of a running eCRM database with headless Chromium.

    scripts/screenshots.py URL LOGIN PASSWORD OUTDIR NAME=PATH [NAME=PATH ...]

Logs in through /web/session/authenticate, gives the session cookie to a headless
Chromium driven over the DevTools protocol (websocket-client), opens each PATH
(e.g. ``customers=/odoo/action-ecrm_core.res_partner_action_customers``) and writes
OUTDIR/NAME.png. Used by hand to refresh docs/images/; not part of the tests.
"""

import base64
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse

import requests
import websocket


def main():
    url, login, password, outdir, *pages = sys.argv[1:]
    db = os.environ.get("ECRM_DB", "ecrm")
    session = requests.Session()
    response = session.post(
        f"{url}/web/session/authenticate",
        json={"params": {"db": db, "login": login, "password": password}},
        timeout=60,
    )
    response.raise_for_status()
    sid = session.cookies["session_id"]
    profile = tempfile.mkdtemp()
    port = int(os.environ.get("ECRM_SHOT_PORT", "9333"))
    chrome = subprocess.Popen(
        [
            "chromium",
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--remote-debugging-port={port}",
            "--window-size=1440,900",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _i in range(300):
            try:
                tabs = requests.get(f"http://127.0.0.1:{port}/json", timeout=2).json()
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        ws_url = next(t for t in tabs if t["type"] == "page")["webSocketDebuggerUrl"]
        ws = websocket.create_connection(ws_url, timeout=60, suppress_origin=True)
        counter = {"id": 0}

        def call(method, **params):
            counter["id"] += 1
            request = {"id": counter["id"], "method": method, "params": params}
            ws.send(json.dumps(request))
            while True:
                message = json.loads(ws.recv())
                if message.get("id") == counter["id"]:
                    return message.get("result", {})

        host = urllib.parse.urlparse(url).hostname
        call("Network.enable")
        call("Network.setCookie", name="session_id", value=sid, domain=host, path="/")
        call(
            "Emulation.setDeviceMetricsOverride",
            width=1440,
            height=900,
            deviceScaleFactor=1,
            mobile=False,
        )
        os.makedirs(outdir, exist_ok=True)
        for page in pages:
            name, path = page.split("=", 1)
            call("Page.navigate", url=f"{url}{path}")
            # the web client loads its assets (long the first time), then the view
            time.sleep(float(os.environ.get("ECRM_SHOT_WAIT", "12")))
            shot = call("Page.captureScreenshot", format="png")
            with open(os.path.join(outdir, f"{name}.png"), "wb") as f:
                f.write(base64.b64decode(shot["data"]))
            print(f"{outdir}/{name}.png")
        ws.close()
    finally:
        chrome.terminate()


if __name__ == "__main__":
    main()
