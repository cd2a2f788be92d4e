"""Drawing data on the playground: add, remove, clear, touch, CSV in and out; the URL carries the points."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from playground.urlcodec import decode, pack_points
from tests.browser.playground_support import open_playground, step_epochs
from tests.conftest import screenshot


def url_config(page):
    cfg, errors = decode(urlsplit(page.url).query)
    assert errors == []
    return cfg


def data_to_client(page, x1: float, x2: float) -> tuple[float, float]:
    """Client coordinates of data point (x1, x2) on the boundary canvas (plot domain [-6, 6]^2)."""
    box = page.locator("#boundary").bounding_box()
    return box["x"] + (x1 + 6) / 12 * box["width"], box["y"] + (6 - x2) / 12 * box["height"]


def near(points, x1, x2, tol=0.15):
    return [p for p in points if abs(p[0] - x1) < tol and abs(p[1] - x2) < tol]


def test_click_adds_shift_click_adds_the_other_class_right_click_removes(live_server, page):
    open_playground(page, live_server.url)
    page.wait_for_function("document.querySelector('#data-fields') && location.search === '?v=1'")
    page.mouse.click(*data_to_client(page, -5, 5))
    page.wait_for_function("location.search.includes('dataset=custom')")
    cfg = url_config(page)
    # the generated points became drawn points (300 train, 100 dev) plus the new one
    assert (len(cfg.points), len(cfg.dev_points)) == (301, 100)
    assert [p[2] for p in near(cfg.points, -5, 5)] == [0]
    page.keyboard.down("Shift")
    page.mouse.click(*data_to_client(page, 5, 5))
    page.keyboard.up("Shift")
    page.wait_for_function("new URLSearchParams(location.search).get('points').length > 2010")
    cfg = url_config(page)
    assert [p[2] for p in near(cfg.points, 5, 5)] == [1]
    page.mouse.click(*data_to_client(page, -5, 5), button="right")
    page.wait_for_function("new URLSearchParams(location.search).get('points').length < 2010")
    cfg = url_config(page)
    assert near(cfg.points, -5, 5) == [] and len(cfg.points) == 301
    screenshot(page, "playground_drawn")


def test_clear_then_draw_two_classes_and_train(live_server, page):
    open_playground(page, live_server.url)
    page.get_by_role("button", name="Clear points").click()
    page.wait_for_function("location.search.includes('dataset=custom')")
    # an empty canvas is no valid experiment (custom data needs a training point): check the address itself
    query = parse_qs(urlsplit(page.url).query)
    assert query["dataset"] == ["custom"] and "points" not in query and "dev_points" not in query
    for x1, x2 in [(-3, -3), (-2, -3), (-3, -2), (3, 3), (2, 3), (3, 2)]:
        if x1 > 0:
            page.get_by_role("radio", name="Class 1").click()
        page.mouse.click(*data_to_client(page, x1, x2))
    page.wait_for_function("new URLSearchParams(location.search).get('points')?.length === 40")  # 6 x 5 bytes
    cfg = url_config(page)
    assert sorted(p[2] for p in cfg.points) == [0, 0, 0, 1, 1, 1]
    step_epochs(page, 1)


def test_touch_taps_draw_and_the_erase_tool_removes(live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, has_touch=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        open_playground(page, live_server.url, "?v=1&dataset=custom&points=" + pack_points([[0.0, 0.0, 0]]))
        page.touchscreen.tap(*data_to_client(page, 4, -4))
        # 2 points x 5 bytes = 14 base64url characters
        page.wait_for_function("new URLSearchParams(location.search).get('points').length === 14")
        page.get_by_role("button", name="Erase").tap()
        page.touchscreen.tap(*data_to_client(page, 4, -4))
        page.wait_for_function("new URLSearchParams(location.search).get('points').length === 7")
        assert url_config(page).points == [(0.0, 0.0, 0)]
    finally:
        context.close()
    assert errors == []


def test_csv_download_and_upload(live_server, page, tmp_path):
    pts = [[1.25, -2.5, 0], [-0.5, 0.75, 1]]
    open_playground(page, live_server.url, f"?v=1&dataset=custom&points={pack_points(pts)}")
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download CSV").click()
    text = dl.value.path().read_text()
    assert text.splitlines() == ["x1,x2,label,split", "1.25,-2.5,0,train", "-0.5,0.75,1,train"]
    upload = tmp_path / "mine.csv"
    upload.write_text("x1,x2,label\n0.5,0.5,0\n-1,-1,2\n2,2,1,dev\n")
    page.locator("#draw-tools input[type=file]").set_input_files(str(upload))
    page.wait_for_function("location.search.includes('classes=3')")
    cfg = url_config(page)
    assert cfg.points == [(0.5, 0.5, 0), (-1.0, -1.0, 2)] and cfg.dev_points == [(2.0, 2.0, 1)]
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2,label\n0.5,zero,0\n")
    page.locator("#draw-tools input[type=file]").set_input_files(str(bad))
    # the page reads the file asynchronously: wait for the alert (once it was not there yet, under load)
    expect(page.get_by_role("alert").filter(has_text="line 2")).to_have_count(1)
