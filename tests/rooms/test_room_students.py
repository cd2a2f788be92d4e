"""Students on /ws/train in a room, against both stores (memory; a real redis-server): join errors leave
the session usable alone, locks are refused server-side, and pushes/pause/resume/reset/end reach every
student's session with `room_event` in the next frame."""

from __future__ import annotations

import time

import pytest
from conftest import LiveServer
from room_client import Teacher, alone_still_works, join, redis_server  # noqa: F401 - a fixture
from train_client import TF_TASK, TrainClient


@pytest.fixture(scope="module", params=["memory", "redis"])
def server(request, redis_server):  # noqa: F811 - the fixture imported above
    live = LiveServer() if request.param == "memory" else LiveServer("--redis", redis_server.url)
    yield live
    live.stop()


def test_join_errors_leave_the_session_usable(server):
    t = Teacher(server.url, {"experiment": TF_TASK, "max_students": 2})
    with TrainClient(server.ws) as a, TrainClient(server.ws) as b, TrainClient(server.ws) as c:
        assert join(a, "ABCDEFGH", "Ann")["code"] == "unknown_room"
        assert join(a, "nonsense", "Ann")["code"] == "unknown_room"
        assert join(a, t.code, "   ")["code"] == "invalid_name"
        assert join(a, t.code, "x" * 25)["code"] == "invalid_name"
        assert join(a, t.code, f" {'y' * 24} ")["type"] == "joined"  # 24 after trimming
        assert join(a, t.code, "Bob")["code"] == "already_joined"
        taken = join(b, t.code, " " + "Y" * 24)  # the same name in another case
        assert taken["code"] == "name_taken" and taken["field"] == "name"
        assert join(b, t.code, "Bob")["type"] == "joined"
        assert join(c, t.code, "Cy")["code"] == "room_full"
        for client in (c,):
            alone_still_works(client)
        assert t.get().json()["students"] == 2


def test_joined_brings_the_room_experiment_and_a_token(server):
    t = Teacher(server.url, {"experiment": {**TF_TASK, "l2": 0.01}, "instructions": "Watch the dev error"})
    t.act("lock", {"editable": ["learning_rate"]})
    with TrainClient(server.ws) as c:
        msg = join(c, t.code.lower(), "Ann")
        assert msg["room"] == t.code and msg["name"] == "Ann" and msg["number"] == 1
        assert msg["experiment"]["l2"] == 0.01 and msg["pushed"] == msg["experiment"]
        assert msg["editable"] == ["learning_rate"] and msg["instructions"] == "Watch the dev error"
        assert len(msg["student_token"]) >= 32 and t.token not in str(msg)
        config = c.json("config")
        assert config["id"] == 1 and config["config"]["l2"] == 0.01


def test_locked_fields_are_refused_from_a_hand_written_client(server):
    t = Teacher(server.url, {"experiment": TF_TASK})
    t.act("lock", {"editable": ["learning_rate", "l2"]})
    with TrainClient(server.ws) as c:
        join(c, t.code, "Ann")
        c.json("config")
        # an editable change together with a locked one: refused whole, nothing of it applied
        c.send(type="config", config={"learning_rate": 0.1, "hidden": [8]}, id=5)
        err = c.json("error")
        assert (err["code"], err["field"], err["id"]) == ("locked", "config.hidden", 5)
        c.send(type="config", config={"optimizer": "adam"}, replace=True, id=6)  # defaults differ too
        assert c.json("error")["code"] == "locked"
        c.send(type="config", config={**TF_TASK, "learning_rate": 0.3, "l2": 0.001}, id=7)  # locked: same
        reply = c.json("config")
        assert reply["id"] == 7 and reply["config"]["hidden"] == [4, 2]
        assert reply["config"]["learning_rate"] == 0.3
        c.send(type="step", n=25, id=8)
        header = c.frame(lambda h: h["ack"] == 8)[0]
        assert header["layers"] == [2, 4, 2, 1] and header["learning_rate"] == 0.3
        t.act("lock", {"editable": None})  # unlocked: anything goes again
        assert c.json("room")["editable"] is None
        c.send(type="config", config={"hidden": [8]}, id=9)
        assert c.json("config")["id"] == 9


def test_push_pause_resume_reset_reach_every_student(server):
    t = Teacher(server.url, {"experiment": TF_TASK})
    clients = [TrainClient(server.ws) for _ in range(3)]
    try:
        for i, c in enumerate(clients):
            join(c, t.code, f"S{i}")
            c.json("config")
            c.send(type="play", id=f"p{i}")
            c.frame(lambda h, i=i: h["ack"] == f"p{i}" and h["playing"])  # playing before the push
        sent = time.perf_counter()
        state = t.act("push", {"experiment": {**TF_TASK, "learning_rate": 0.1}, "instructions": "Go fast"})
        for c in clients:
            event = c.json("room")
            assert event["event"] == "push" and event["seq"] == state["seq"]
            assert event["experiment"]["learning_rate"] == 0.1 and event["instructions"] == "Go fast"
            header = c.frame(lambda h, s=state["seq"]: h["room_event"] == s)[0]
            assert header["learning_rate"] == 0.1 and header["epoch"] == 0 and not header["playing"]
        print(f"push -> every student's frame: {1000 * (time.perf_counter() - sent):.0f} ms")
        state = t.act("resume")
        assert not state["paused"]
        for c in clients:
            header = c.frame(lambda h, s=state["seq"]: h["room_event"] == s)[0]
            assert header["playing"]
            c.frame(lambda h: h["epoch"] >= 2)  # training
        state = t.act("pause")
        assert state["paused"]
        for c in clients:
            assert not c.frame(lambda h, s=state["seq"]: h["room_event"] == s)[0]["playing"]
        clients[0].send(type="play", id=40)
        assert clients[0].json("error")["code"] == "room_paused"
        clients[0].send(type="step", n=3, id=41)
        assert clients[0].json("error")["code"] == "room_paused"
        state = t.act("reset")
        for c in clients:
            header = c.frame(lambda h, s=state["seq"]: h["room_event"] == s)[0]
            assert header["epoch"] == 0 and header["step"] == 0
        t.act("resume")
        state = t.act("push", {"experiment": {**TF_TASK, "hidden": [3]}})  # a new network: a rebuild
        for c in clients:
            header = c.frame(lambda h, s=state["seq"]: h["room_event"] == s)[0]
            assert header["layers"] == [2, 3, 1] and header["epoch"] == 0 and not header["playing"]
    finally:
        for c in clients:
            c.close()


def test_results_follow_the_students_and_spotlight(server):
    t = Teacher(server.url, {"experiment": TF_TASK, "anonymize": True})
    with TrainClient(server.ws) as a, TrainClient(server.ws) as b:
        join(a, t.code, "Ann")
        join(b, t.code, "Bob")
        b.json("config")
        b.send(type="config", config={"learning_rate": 0.1}, id=3)
        b.json("config")
        b.send(type="step", n=75)
        rows = {r["name"]: r for r in t.results()}
        assert [rows["Ann"]["label"], rows["Bob"]["label"]] == ["Student 1", "Student 2"]
        row = t.wait_for("Bob", lambda r: r["epoch"] == 3)
        assert row["changed"] == {"learning_rate": 0.1} and row["connected"] == "online"
        assert "learning_rate=0.1" in row["url"]
        assert row["bias"] == pytest.approx(1 - row["train_accuracy"], abs=1e-12)
        assert row["variance"] == pytest.approx(row["train_accuracy"] - row["dev_accuracy"], abs=1e-12)
        assert t.act("spotlight", {"name": "bob"})["spotlight"] == "Bob"
        assert t.get().json()["spotlight"] == "Bob"
        assert t.act("spotlight", {"name": None})["spotlight"] is None
        a.send(type="leave", id=9)
        assert a.json("left")["id"] == 9
        assert t.result_of("Ann")["connected"] == "offline"
        alone_still_works(a)
    row = t.wait_for("Bob", lambda r: r["connected"] == "reconnecting")  # its socket closed


def test_end_sends_everyone_on_alone(server):
    t = Teacher(server.url, {"experiment": TF_TASK})
    with TrainClient(server.ws) as c:
        join(c, t.code, "Ann")
        state = t.act("end")
        assert state["state"] == "ended"
        assert c.json("room")["event"] == "end"
        alone_still_works(c)
        with TrainClient(server.ws) as late:
            assert join(late, t.code, "Bob")["code"] == "unknown_room"
    import httpx

    r = httpx.post(f"{server.url}/api/rooms/{t.code}/pause", headers=t.auth, timeout=10)
    assert r.status_code == 409 and r.json()["code"] == "room_ended"


def test_a_rejoin_with_the_token_reclaims_the_name_and_the_config(server):
    t = Teacher(server.url, {"experiment": TF_TASK})
    with TrainClient(server.ws) as first:
        token = join(first, t.code, "Ann")["student_token"]
        first.json("config")
        first.send(type="config", config={"learning_rate": 0.2}, id=2)
        first.json("config")
        t.wait_for("Ann", lambda r: r["config"]["learning_rate"] == 0.2)
        with TrainClient(server.ws) as second:  # the first still looks connected
            assert join(second, t.code, "ann", token="not-the-token")["code"] == "name_taken"
            again = join(second, t.code, "ann", token=token)
            assert again["type"] == "joined" and again["name"] == "Ann" and again["student_token"] == token
            assert again["experiment"]["learning_rate"] == 0.2 and again["pushed"]["learning_rate"] == 0.03
            assert first.json("left")["reason"] == "replaced"
            assert t.get().json()["students"] == 1
            second.send(type="step", n=50)
            t.wait_for("Ann", lambda r: r["epoch"] == 2 and r["connected"] == "online")


def test_a_rejoin_after_a_push_starts_from_the_pushed_experiment(server):
    t = Teacher(server.url, {"experiment": TF_TASK})
    with TrainClient(server.ws) as first:
        token = join(first, t.code, "Ann")["student_token"]
        first.send(type="config", config={"learning_rate": 0.2}, id=2)
        t.wait_for("Ann", lambda r: r["config"]["learning_rate"] == 0.2)
    # the page closed before it reported the push (a page that reloads on a pushed lesson does)
    t.wait_for("Ann", lambda r: r["connected"] == "reconnecting")
    t.act("push", {"experiment": {**TF_TASK, "l2": 0.005}, "lesson": "l2-regularization"})
    with TrainClient(server.ws) as again:
        back = join(again, t.code, "Ann", token=token)
        assert back["experiment"]["l2"] == 0.005 and back["experiment"]["learning_rate"] == 0.03
        assert back["lesson"] == "l2-regularization"
        again.send(type="config", config={"learning_rate": 0.4}, id=3)
        t.wait_for("Ann", lambda r: r["config"]["learning_rate"] == 0.4 and r["connected"] == "online")
    with TrainClient(server.ws) as third:  # no push since its last report: its own config again
        assert join(third, t.code, "Ann", token=token)["experiment"]["learning_rate"] == 0.4
