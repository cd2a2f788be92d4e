"""The wheel installs anywhere: a fresh venv, a directory outside the repo, no PYTHONPATH; `playground serve`
serves every page, plotly.js, the scripts, the presets and the data from package data; no `backend`."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
import zipfile

import pytest
from conftest import ROOT, free_port
from install_support import Install, installed_once


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Install:
    return installed_once(tmp_path_factory)


def test_the_wheel_holds_playground_and_its_data_and_no_backend_package(installed):
    names = zipfile.ZipFile(installed.wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"playground"}, tops
    top_level = next(n for n in names if n.endswith(".dist-info/top_level.txt"))
    assert zipfile.ZipFile(installed.wheel).read(top_level).decode().split() == ["playground"]
    for path in ("frontend/index.html", "frontend/js/socket.js", "shared/data/seattle_2012_2015.csv",
                 "shared/presets/dropout.json", "shared/schema/experiment.json"):  # fmt: skip
        assert f"playground/_data/{path}" in names, path


def test_the_venv_imports_playground_from_the_wheel_and_has_no_backend(installed):
    code = (
        "import pathlib, playground, playground.resources as r; "
        "print(pathlib.Path(playground.__file__).resolve()); print(r.FRONTEND); print(r.SHARED)"
    )
    p = installed.run(installed.python, "-c", code)
    assert p.returncode == 0, p.stderr
    module, frontend, shared = p.stdout.split()
    site = str(installed.venv.resolve())
    assert module.startswith(site) and "site-packages" in module and not module.startswith(str(ROOT))
    assert frontend.startswith(site) and frontend.endswith("playground/_data/frontend")
    assert shared.startswith(site) and shared.endswith("playground/_data/shared")
    p = installed.run(installed.python, "-c", "import backend")
    assert p.returncode == 1 and "ModuleNotFoundError: No module named 'backend'" in p.stderr


def get(url: str) -> tuple[int, bytes, str]:
    with urllib.request.urlopen(url, timeout=10) as r:  # follows /lessons/<slug>'s redirect
        return r.status, r.read(), r.url


@pytest.fixture(scope="module")
def served(installed):
    port = free_port()
    proc = subprocess.Popen(
        [installed.bin("playground"), "serve", "--port", str(port)],
        cwd=installed.outside, env=installed.env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, proc.stdout.read().decode(errors="replace")
        try:
            if get(url + "/health")[0] == 200:
                break
        except OSError:
            assert time.monotonic() < deadline, "the installed server did not answer /health in 60 s"
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.mark.parametrize("page", ["/", "/race", "/ewa", "/tune", "/lessons"])
def test_every_page_is_served(served, page):
    status, body, _ = get(served + page)
    assert status == 200 and b"<html" in body.lower()
    name = {"/": "index", "/lessons": "lessons"}.get(page, page.strip("/"))
    assert body == (ROOT / "frontend" / f"{name}.html").read_bytes()  # the checkout's page, from the wheel


def test_the_lessons_and_a_lesson_link(served):
    status, body, _ = get(served + "/lessons.json")
    lessons = json.loads(body)
    assert status == 200 and len(lessons) == len(list((ROOT / "shared" / "presets").glob("*.json")))
    slug = lessons[0]["slug"]
    status, body, final = get(f"{served}/lessons/{slug}")
    assert status == 200 and b"<html" in body.lower() and slug in final


@pytest.mark.parametrize(
    "path",
    ["/static/js/socket.js", "/static/js/playground/main.js", "/static/css/base.css",
     "/shared/presets/dropout.json", "/shared/data/seattle_2012_2015.csv", "/shared/schema/experiment.json"],
)  # fmt: skip
def test_scripts_presets_and_data_are_the_checkouts_files(served, path):
    status, body, _ = get(served + path)
    local = ROOT / ("frontend" + path.removeprefix("/static") if path.startswith("/static") else path[1:])
    assert status == 200 and body == local.read_bytes()


def test_plotly_js_comes_from_the_installed_plotly_package(served, installed):
    status, body, _ = get(served + "/vendor/plotly.min.js")
    code = "import plotly, pathlib; print(pathlib.Path(plotly.__file__).parent)"
    plotly_dir = installed.run(installed.python, "-c", code).stdout.strip()
    assert plotly_dir.startswith(str(installed.venv))
    bundled = (installed.venv / plotly_dir / "package_data" / "plotly.min.js").read_bytes()
    assert status == 200 and body == bundled and len(body) > 1_000_000


def test_a_training_session_runs_on_the_installed_server(served, installed):
    """The engine works too: a headless run through the installed console script, from elsewhere."""
    p = installed.run(installed.bin("playground"), "run", "-", input='{"dataset": "xor", "epochs": 20}')
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["epochs_run"] == 20
