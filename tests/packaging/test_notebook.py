"""examples/course_lessons.ipynb executes with `nbconvert --execute` on a kernel of the fresh install (not
this checkout), offline, and its outputs say what its text says."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys

import nbformat
import pytest
from conftest import ROOT
from install_support import Install, installed_once

NOTEBOOK = ROOT / "examples" / "course_lessons.ipynb"
KERNEL = "playground-installed"
PLOTLY_JSON = "application/vnd.plotly.v1+json"


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Install:
    return installed_once(tmp_path_factory)


@pytest.fixture(scope="module")
def executed(installed, tmp_path_factory) -> nbformat.NotebookNode:
    """The notebook plus one cell that reports where `playground` came from, executed on the venv's kernel."""
    p = installed.run(
        installed.python, "-m", "ipykernel", "install", "--prefix", installed.venv, "--name", KERNEL
    )
    assert p.returncode == 0, p.stderr
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(c.get("outputs", []) == [] for c in nb.cells), "commit the notebook without outputs"
    nb.cells.append(
        nbformat.v4.new_code_cell("import playground, sys\nprint(playground.__file__, sys.executable)")
    )
    out = tmp_path_factory.mktemp("notebook")
    nbformat.write(nb, out / "probe.ipynb")
    env = installed.env(JUPYTER_PATH=str(installed.venv / "share" / "jupyter"))
    env["PATH"] = os.environ["PATH"]  # nbconvert is the test environment's; the kernel is the venv's python
    cmd = [sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute", str(out / "probe.ipynb"),
           "--output-dir", str(out), "--output", "executed", f"--ExecutePreprocessor.kernel_name={KERNEL}",
           "--ExecutePreprocessor.timeout=600"]  # fmt: skip
    p = subprocess.run(cmd, cwd=installed.outside, env=env, capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, p.stderr[-4000:]
    return nbformat.read(out / "executed.ipynb", as_version=4)


def test_every_cell_ran_without_error_on_the_installed_package(executed, installed):
    code = [c for c in executed.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    module, python = code[-1].outputs[0].text.split()
    assert module.startswith(str(installed.venv)) and python.startswith(str(installed.venv))


def test_figures_are_plotly_json_and_nothing_is_fetched(executed):
    shown = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if "data" in o]
    figures = [o for o in shown if PLOTLY_JSON in o["data"]]
    assert len(figures) == 8  # every plot.* call of the notebook
    text = json.dumps([c.outputs for c in executed.cells if c.cell_type == "code"])
    # no script tag and no address anywhere (base64 arrays cannot hold ":" or "<", so no false alarm)
    assert "<script" not in text and not re.search(r"(https?:)?//[\w-]+\.[\w.-]+", text)
    traces = {t["type"] for f in figures for t in f["data"][PLOTLY_JSON]["data"]}
    assert {"heatmap", "scatter", "contour"} <= traces


def result(executed, source_start: str):
    """The literal value a cell displays (read with ast.literal_eval: data, never code)."""
    cell = next(c for c in executed.cells if c.cell_type == "code" and c.source.startswith(source_start))
    (out,) = [o for o in cell.outputs if o.output_type == "execute_result"]
    return ast.literal_eval(out.data["text/plain"])


def test_the_outputs_say_what_the_text_says(executed):
    init = result(executed, 'init = LESSONS["initialization"]')
    assert init["zeros"]["train_accuracy"] == 0.5 and init["he"]["train_accuracy"] > 0.9
    reg = result(executed, 'l2 = LESSONS["l2-regularization"]')
    assert reg["no regularization"]["train_accuracy"] - reg["no regularization"]["dev_accuracy"] > 0.2
    assert reg["l2 = 0.3"]["dev_accuracy"] > reg["no regularization"]["dev_accuracy"]
    opt = result(executed, 'adam = LESSONS["adam-on-moons"]')
    assert opt["adam"]["train_accuracy"] > opt["gd"]["train_accuracy"]
