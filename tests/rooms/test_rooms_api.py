"""Rooms REST API on a real one-process server (memory store): create, auth, bodies, results and CSV."""

from __future__ import annotations

import base64
import csv
import io

import httpx
import pytest
from room_client import Teacher
from train_client import TF_TASK, TrainClient

from playground.rooms.codes import ALPHABET, CODE_LENGTH

pytestmark = pytest.mark.usefixtures("live_server")


def test_create_gives_a_code_a_token_and_the_join_url(live_server):
    t = Teacher(live_server.url, {"experiment": TF_TASK, "instructions": "Try a larger learning rate"})
    assert len(t.code) == CODE_LENGTH and set(t.code) <= set(ALPHABET)
    assert not set(t.code) & set("0O1I")
    assert t.created["join_url"] == f"{live_server.url}/join?code={t.code}"
    assert t.created["lan_urls"] == []  # bound to loopback
    state = t.get().json()
    assert state["experiment"]["learning_rate"] == TF_TASK["learning_rate"]
    assert state["experiment"]["optimizer"] == "gd" and state["students"] == 0
    assert state["instructions"] == "Try a larger learning rate" and state["state"] == "open"
    assert "teacher_token" not in state and "teacher_hash" not in state


def test_codes_differ_and_an_empty_body_is_the_default_room(live_server):
    rooms = [httpx.post(live_server.url + "/api/rooms", timeout=10) for _ in range(5)]
    assert all(r.status_code == 201 for r in rooms)
    assert len({r.json()["code"] for r in rooms}) == 5


@pytest.mark.parametrize("path", ["", "/results", "/results.csv"])
def test_teacher_endpoints_want_the_token(live_server, path):
    t = Teacher(live_server.url)
    url = f"{live_server.url}/api/rooms/{t.code}{path}"
    missing = httpx.get(url, timeout=10)
    assert missing.status_code == 401 and missing.json()["code"] == "unauthorized"
    assert httpx.get(url, headers={"Authorization": "Basic abc"}, timeout=10).status_code == 401
    # Change the last character to one it is not (a fixed "x" was the same token one time in 64).
    forged = t.token[:-1] + ("y" if t.token.endswith("x") else "x")
    assert forged != t.token
    wrong = httpx.get(url, headers={"Authorization": "Bearer " + forged}, timeout=10)
    assert wrong.status_code == 403 and wrong.json()["code"] == "forbidden"
    other = Teacher(live_server.url)  # another room's teacher token is no key to this room
    assert httpx.get(url, headers=other.auth, timeout=10).status_code == 403
    assert t.get(path).status_code == 200


def test_actions_want_the_token_and_unknown_rooms_are_404(live_server):
    t = Teacher(live_server.url)
    r = httpx.post(f"{live_server.url}/api/rooms/{t.code}/pause", timeout=10)
    assert r.status_code == 401
    bad = {"Authorization": "Bearer x"}
    r = httpx.post(f"{live_server.url}/api/rooms/{t.code}/end", headers=bad, timeout=10)
    assert r.status_code == 403
    assert t.get().json()["state"] == "open"  # nothing happened
    r = httpx.get(f"{live_server.url}/api/rooms/ABCDEFGH", headers=t.auth, timeout=10)
    assert r.status_code == 404 and r.json()["code"] == "unknown_room"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"experiment": {"learning_rate": -1}}, "experiment.learning_rate"),
        ({"max_students": 201}, "max_students"),
        ({"lesson": "<script>"}, "lesson"),
        ({"surprise": 1}, "surprise"),
        ({"experiment": {"l2": float("nan")}}, "experiment.l2"),
    ],
)
def test_bad_create_bodies_are_422_naming_the_field(live_server, body, field):
    import json

    r = httpx.post(live_server.url + "/api/rooms", content=json.dumps(body), timeout=10)
    assert r.status_code == 422, r.text
    assert r.json()["field"] == field


def test_bad_action_bodies_are_422(live_server):
    t = Teacher(live_server.url)
    url = f"{live_server.url}/api/rooms/{t.code}"
    r = httpx.post(url + "/lock", json={"editable": ["no_such_field"]}, headers=t.auth, timeout=10)
    assert r.status_code == 422 and r.json()["field"] == "editable"
    r = httpx.post(url + "/push", content="{", headers=t.auth, timeout=10)
    assert r.status_code == 422 and r.json()["code"] == "invalid_json"
    r = httpx.post(url + "/spotlight", json={"name": "nobody"}, headers=t.auth, timeout=10)
    assert r.status_code == 404 and r.json()["code"] == "unknown_student"


def test_results_and_csv_carry_no_token(live_server):
    t = Teacher(live_server.url, {"experiment": TF_TASK})
    with TrainClient(live_server.ws) as c:
        c.send(type="join", room=t.code, name="=Ann", id=1)  # a name a spreadsheet would run as a formula
        student_token = c.json("joined")["student_token"]
        c.send(type="step", n=50)
        row = t.wait_for("=Ann", lambda r: r["epoch"] == 2)
        csv_text = t.get("/results.csv")
    assert csv_text.headers["content-type"].startswith("text/csv")
    for text in (t.get("/results").text, csv_text.text, t.get().text):
        assert t.token not in text and student_token not in text
    rows = list(csv.DictReader(io.StringIO(csv_text.text)))
    assert len(rows) == 1 and rows[0]["name"] == "'=Ann"  # quoted so it stays text
    assert rows[0]["url"] == row["url"] and rows[0]["epoch"] == "2"
    assert float(rows[0]["train_accuracy"]) == row["train_accuracy"]
    thumb = row["thumbnail"]
    assert thumb["size"] == 24 and thumb["classes"] == 2
    assert len(base64.b64decode(thumb["data"])) == 24 * 24


def test_qr_code_and_addresses_are_public(live_server):
    t = Teacher(live_server.url)
    r = httpx.get(f"{live_server.url}/api/rooms/{t.code}/qr.svg", timeout=10)
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert r.text.lstrip().startswith("<svg") and "<script" not in r.text
    assert httpx.get(f"{live_server.url}/api/rooms/ABCDEFGH/qr.svg", timeout=10).status_code == 404
    assert httpx.get(live_server.url + "/api/server/addresses", timeout=10).json() == {"lan_urls": []}
