"""How the browser tests start Debian's Chromium (Playwright's own browser download is
not reachable here): headless, sandbox off for root, and no background networking,
whose connections the closed network would refuse."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
