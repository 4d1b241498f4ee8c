"""`make lighthouse`: Lighthouse (mobile defaults) on one page of each kind of the built report
and on the Italian edition's entry page.

The report is served on 127.0.0.1 (Lighthouse needs http), each page audited with Debian's
Chromium, and the scores printed. Exit 1 when an entry page misses its targets: performance
>= 0.9, accessibility, best practices and SEO at 1.0 (robots.txt aside: a report opened from
its folder has no site root to put one in). Lighthouse is installed, pinned, into .lighthouse/.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = "12.2.3"  # 13 needs Node 22
ENTRIES = ("index.html", "it/index.html")  # the entry page of each edition
PAGES = (*ENTRIES, "04-actors-and-money.html", "chronology.html", "figures.html", "actors.html", "sources.html")
TARGETS = {"performance": 0.9, "accessibility": 1.0, "best-practices": 1.0}
EXEMPT = {"robots-txt"}


def install(folder: Path) -> Path:
    binary = folder / "node_modules" / ".bin" / "lighthouse"
    if not binary.is_file():
        folder.mkdir(exist_ok=True)
        subprocess.run(["npm", "i", "--silent", "--prefix", str(folder), "-E", f"lighthouse@{VERSION}"], check=True)
    return binary


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def audit(binary: Path, url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    flags = "--headless=new --no-sandbox --disable-gpu"
    cmd = [str(binary), url, "--quiet", f"--chrome-flags={flags}", "--output=json", f"--output-path={out}"]
    subprocess.run(cmd, check=True, env=env)
    return json.loads(out.read_text(encoding="utf-8"))


def failing(report: dict, category: str) -> list[str]:
    """The audits of a category that count towards its score and do not pass."""
    audits = report["audits"]
    return [
        ref["id"]
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    ]


def main() -> int:
    folder = ROOT / "report"
    binary = install(ROOT / ".lighthouse")
    server, port = serve(folder)
    ok = True
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for name in PAGES:
                r = audit(binary, f"http://127.0.0.1:{port}/{name}", Path(tmp) / "lh.json")
                scores = {k: c["score"] for k, c in r["categories"].items()}
                metrics = {
                    k: r["audits"][k]["displayValue"]
                    for k in (
                        "first-contentful-paint",
                        "largest-contentful-paint",
                        "total-blocking-time",
                        "cumulative-layout-shift",
                    )
                }
                size = (folder / name).stat().st_size / 1024
                print(f"{name:28} {size:6.0f} KB  " + "  ".join(f"{k} {v:.2f}" for k, v in scores.items()))
                print(f"{'':36}" + "  ".join(f"{k.replace('-', ' ')} {v}" for k, v in metrics.items()))
                seo = [a for a in failing(r, "seo") if a not in EXEMPT]
                if seo:
                    print(f"{'':36}SEO audits failing: {', '.join(seo)}")
                if name in ENTRIES:
                    ok = ok and not seo and all(scores[k] >= t for k, t in TARGETS.items())
    finally:
        server.shutdown()
    print("the entry pages meet their targets" if ok else "an entry page misses its targets")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
