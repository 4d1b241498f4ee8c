"""The explorer notebook in a real JupyterLab, driven by headless Chromium (Playwright).

A JupyterLab server is started from this virtual environment on 127.0.0.1 (free port, random
token, temporary Jupyter config/runtime/data dirs, a temporary root holding a copy of
notebooks/06_explore.ipynb so the repository's notebook is never autosaved over), with
PARTNERSHIP_DATA_DIR pointing at the mini fixture. The test opens the notebook, runs all cells,
changes the widgets and checks that the count line, the table, the timeline and the CSV link
follow, and that no cell shows an error. The server is stopped at the end, also on failure.

Needs Debian's chromium (`make browser` installs it); without it the test fails, it never skips.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, make_package

pytestmark = pytest.mark.browser  # a real JupyterLab in Chromium: not in `make test-fast`

NOTEBOOK = ROOT / "notebooks" / "06_explore.ipynb"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WAIT_MS = 90_000  # upper bound for any one thing to appear in the page (a bound, not a timing check)
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'


def chromium_path() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if not found:
        pytest.fail(
            "chromium not found: the JupyterLab test needs Debian's chromium "
            "(run `make browser`, or `apt-get install chromium` as root)",
            pytrace=False,
        )
    return found


def wait_for_rows(page, event_ids: list[str]) -> None:
    """Wait until the results table lists exactly these events, in this order."""
    page.wait_for_function(
        """ids => JSON.stringify([...document.querySelectorAll('table.explore-results tbody tr')]
                                .map(r => r.dataset.event)) === JSON.stringify(ids)""",
        arg=list(event_ids),
        timeout=WAIT_MS,
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(url: str, token: str, method: str = "GET") -> int:
    req = urllib.request.Request(url, method=method, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status


def _log_tail(log: Path) -> str:
    return log.read_text(errors="replace")[-4000:] if log.exists() else "(no log)"


def _stop(proc: subprocess.Popen, base: str, token: str) -> None:
    """Ask the server to shut down (it stops its kernels), then end its process group if needed."""
    if proc.poll() is None:
        with contextlib.suppress(urllib.error.URLError, OSError):
            _request(f"{base}/api/shutdown", token, method="POST")
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=30)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A running JupyterLab serving a copy of the explorer over the mini fixture: (base URL, token, data dir)."""
    tmp = tmp_path_factory.mktemp("lab")
    root, data = tmp / "root", make_package(tmp / "mini")
    root.mkdir()
    shutil.copy(NOTEBOOK, root / NOTEBOOK.name)
    port, token = free_port(), secrets.token_hex(24)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_", "PARTNERSHIP_"))}
    env.update(
        {
            "PARTNERSHIP_DATA_DIR": str(data),
            "PARTNERSHIP_FIGURES_DIR": str(tmp / "figures"),
            "JUPYTER_CONFIG_DIR": str(tmp / "config"),
            "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
            "JUPYTER_DATA_DIR": str(tmp / "data"),
            "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
            "IPYTHONDIR": str(tmp / "ipython"),
            "MPLBACKEND": "agg",
        }
    )
    news = tmp / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text('{"fetchNews": "false"}')  # no news toast, no request to the outside
    jupyter = Path(sys.executable).parent / "jupyter"
    cmd = [
        str(jupyter),
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.allow_root=True",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    log = tmp / "server.log"
    base = f"http://127.0.0.1:{port}"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        for _ in range(180):  # up to ~90 s for the server to answer
            if proc.poll() is not None:
                pytest.fail(f"jupyter lab exited with code {proc.returncode}:\n{_log_tail(log)}", pytrace=False)
            try:
                if _request(f"{base}/api/status", token) == 200:
                    break
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        else:
            pytest.fail(f"jupyter lab did not answer on {base}:\n{_log_tail(log)}", pytrace=False)
        yield base, token, data
    finally:
        _stop(proc, base, token)


def test_explorer_filters_in_jupyterlab(lab, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    from partnership import explorer as explore
    from partnership import load_package

    base, token, data = lab
    pkg = load_package(data)
    everything = explore.filter_events(pkg)
    grade_b = explore.filter_events(pkg, min_grade="B")
    design_b = explore.filter_events(pkg, min_grade="B", sectors=["design"])
    assert len({len(everything), len(grade_b), len(design_b)}) == 3, "the fixture must make each step change the count"
    sector_label = dict((v, k) for k, v in explore.filter_options(pkg)["sectors"])["design"]
    grade_label = dict((v, k) for k, v in explore.GRADE_CHOICES)["B"]

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1500}, accept_downloads=True)
            page.set_default_timeout(WAIT_MS)
            page.goto(f"{base}/lab/tree/{NOTEBOOK.name}?token={token}")
            page.wait_for_function("""() => {
                const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
                return !!(w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel);
            }""")
            page.evaluate("""async () => {
                const w = window.jupyterapp.shell.currentWidget;
                await w.context.ready;
                await w.sessionContext.ready;
                await window.jupyterapp.commands.execute('notebook:run-all-cells');
            }""")

            count = page.locator(".explore-count")
            grade = page.locator(".explore-min_grade select")
            expect(grade).to_be_visible(timeout=WAIT_MS)  # the widgets exist only in a live kernel
            expect(count).to_have_text(explore.summary(everything), timeout=WAIT_MS)
            wait_for_rows(page, list(everything["event_id"]))
            first_chart = page.locator(".jp-OutputArea-output img").first.get_attribute("src")

            grade.select_option(label=grade_label)
            expect(count).to_have_text(explore.summary(grade_b), timeout=WAIT_MS)
            wait_for_rows(page, list(grade_b["event_id"]))

            page.locator(".explore-sectors select").select_option(label=sector_label)
            expect(count).to_have_text(explore.summary(design_b), timeout=WAIT_MS)
            wait_for_rows(page, list(design_b["event_id"]))
            chart = page.locator(".jp-OutputArea-output img").first
            expected_png = explore.timeline_bundle(pkg, design_b)["image/png"]
            expect(chart).to_have_attribute("src", f"data:image/png;base64,{expected_png}", timeout=WAIT_MS)
            assert chart.get_attribute("src") != first_chart
            links = page.locator("table.explore-results a[href^='https://']")
            assert links.count() > 0 and links.first.get_attribute("target") == "_blank"

            page.evaluate("""async () => {
                await window.jupyterapp.commands.execute('application:toggle-left-area');
                await window.jupyterapp.commands.execute('notebook:hide-all-cell-code');
            }""")
            page.locator(".explore-sectors").evaluate("el => el.scrollIntoView({block: 'start'})")
            page.screenshot(path=str(tmp_path / "explorer.png"))  # for people: what a filtered view looks like

            with page.expect_download() as download:
                page.locator("a.explore-csv").click()
            assert Path(download.value.path()).read_bytes() == explore.to_csv(design_b)

            page.locator(".explore-end input").fill("2017-01-01")
            page.locator(".explore-start input").fill("2018-01-01")
            expect(count).to_contain_text("Cannot filter: start 2018-01-01 is after end 2017-01-01", timeout=WAIT_MS)
            wait_for_rows(page, [])

            errors = page.locator(STDERR)
            assert errors.count() == 0, "a cell wrote to stderr:\n" + "\n---\n".join(errors.all_inner_texts())
            assert page.locator(".jp-OutputArea-output[data-mime-type*='error']").count() == 0
        finally:
            browser.close()
