"""server/equalizer.py: past capacity, a worker whose students train faster than the slowest other worker's
slows to its pace; a worker at full speed is the only kind that sets that pace; everyone returns to full
speed once the slowest worker is back above the class's need."""

from __future__ import annotations

import json
import math
import multiprocessing
import time
import urllib.request

import pytest
from conftest import LiveServer
from train_client import TF_TASK, TrainClient

from playground.server import equalizer
from playground.server.equalizer import (
    CLASS_EPOCHS,
    FIELDS,
    MIN_DUTY,
    SLACK,
    STALE,
    WINDOW,
    Board,
    Equalizer,
    Meter,
    idle_owed,
    lesson_key,
    next_duty,
)
from playground.server.session import TrainSession

TARGET = 41 * (1 + SLACK)  # what a worker follows when the slowest other one's students get 41 epochs/s


@pytest.mark.parametrize(
    ("duty", "own", "floor", "expected"),
    [
        (1.0, 62.0, 41.0, TARGET / 62),  # faster than the floor past capacity: down to its pace
        (1.0, 200.0, 41.0, 0.5),  # at most halved in one period
        (0.4, 200.0, 41.0, MIN_DUTY),  # never below MIN_DUTY
        (0.7, 42.0, 41.0, 0.7),  # within SLACK of the floor: stays
        (0.7, 41 * (1 + SLACK) * (1 - SLACK), 41.0, 0.7),  # the band's lower edge: stays
        (0.5, 30.0, 41.0, 0.5 * 1.25),  # overshot below the floor: back up, at most x1.25
        (0.5, 40.0, 41.0, 0.5 * TARGET / 40),
        (0.5, 0.0, 41.0, 0.5 * 1.25),  # trained nothing: up, no division by zero
        (1.0, 41.0, 41.0, 1.0),  # as slow as the floor (e.g. the slowest itself): full speed
        (0.5, 100.0, CLASS_EPOCHS, 0.625),  # the floor meets the class's need: not past capacity
        (0.5, 100.0, None, 0.625),  # no other worker at full speed publishes
        (0.9, None, 41.0, 1.0),  # no student of its own counts: back to full speed (capped at 1)
    ],
)
def test_next_duty(duty, own, floor, expected):
    assert next_duty(duty, own, floor) == pytest.approx(expected)


def test_a_throttled_turn_owes_idle_so_that_it_trains_its_share_of_the_turn():
    assert idle_owed(0.002, 1.0) == 0.0
    assert idle_owed(0.002, 0.5) == pytest.approx(0.002)
    assert idle_owed(0.001, 0.25) == pytest.approx(0.003)  # 1 of 4 ms trained
    assert idle_owed(0.0, 0.3) == 0.0  # a turn that trained nothing does not sleep


LESSON, OTHER = 7.0, 8.0  # two lesson keys


def _publish(array, index: int, rate, now: float, share: float = 1.0, lesson: float = LESSON) -> None:
    Board(array, index).publish(lesson, rate, share, now)


def test_the_board_is_shared_between_processes_and_skips_stale_throttled_own_and_other_lessons_rates():
    ctx = multiprocessing.get_context("spawn")  # as the supervisor makes it for its workers
    array = ctx.Array("d", FIELDS * 4, lock=False)
    now = time.monotonic()
    writers = [
        ctx.Process(target=_publish, args=(array, 0, 41.0, now)),
        ctx.Process(target=_publish, args=(array, 1, None, now, 0.5)),  # throttled: publishes no rate
        ctx.Process(target=_publish, args=(array, 2, 50.0, now - STALE - 1)),  # silent for too long
        ctx.Process(target=_publish, args=(array, 3, 20.0, now, 1.0, OTHER)),  # another lesson
    ]
    for p in writers:
        p.start()
    for p in writers:
        p.join(30)
        assert p.exitcode == 0
    assert Board(array, 1).floor(LESSON, now) == 41.0  # written by another process
    assert Board(array, 0).floor(LESSON, now) is None  # its own never counts; 1 throttled, 2 stale, 3 other
    assert Board(array, 0).floor(OTHER, now) == 20.0
    assert Board(array, 0).floor(None, now) is None  # no lesson of its own: nothing to follow
    assert math.isnan(array[1 * FIELDS + 1])
    assert Board(array, 0).entries(now) == [
        (LESSON, 41.0, 1.0),
        (LESSON, None, 0.5),
        None,
        (OTHER, 20.0, 1.0),
    ]
    _publish(array, 2, 30.0, now)
    assert Board(array, 1).floor(LESSON, now) == 30.0  # the lowest of the fresh ones


def playing_session(pace: int = 0) -> TrainSession:
    s = TrainSession()
    s._rebuild()
    s.playing = True
    s.view = s.view.model_copy(update={"max_epochs_per_second": pace})
    return s


def test_the_meter_counts_epochs_per_second_of_students_limited_by_the_server():
    unpaced, behind, on_pace, idle = (
        playing_session(),
        playing_session(100),
        playing_session(10),
        TrainSession(),
    )
    lesson = lesson_key(unpaced.trainer)
    meter = Meter()
    assert meter.rates([unpaced, behind, on_pace, idle], 0.0) == {}  # nothing to compare with yet
    assert WINDOW == 3  # (the numbers below)
    for s, epochs in ((unpaced, 40), (behind, 100), (on_pace, 20)):
        s.trainer.train_epochs(epochs)
    ((limited, every, n),) = meter.rates([unpaced, behind, on_pace, idle], 2.0).values()  # one lesson
    # 20 and 50 epochs/s are limited by the server (unpaced; under 0.9 of a pace of 100); 10 keeps its pace
    assert limited == pytest.approx(35.0)  # the median of 20 and 50
    assert every == pytest.approx(20.0) and n == 3  # the median of 20, 50 and 10
    behind._rebuild()  # a new run: its epochs start over, it counts again from the next interval
    unpaced.trainer.train_epochs(10)
    # the rate spans the window: 50 epochs in 4 s; `behind` does not count (a new run, one sample of it)
    assert meter.rates([unpaced, behind], 4.0) == {lesson: (pytest.approx(12.5), pytest.approx(12.5), 1)}
    for t in (5.0, 6.0):  # WINDOW measurements later, the first ones have left the window
        unpaced.trainer.train_epochs(6)
        meter.rates([unpaced, behind], t)
    assert meter.rates([unpaced], 7.0)[lesson][1] == pytest.approx(12 / (7.0 - 4.0))  # since t=4: 6 + 6 + 0


def test_lessons_differ_by_what_an_epoch_costs_not_by_learning_rate():
    a, b = playing_session(), playing_session()
    b.trainer.set_hyperparameters(b.cfg.model_copy(update={"learning_rate": 0.5}))
    assert lesson_key(a.trainer) == lesson_key(b.trainer)
    wide = TrainSession(a.cfg.model_copy(update={"hidden": [64, 64]}))
    wide._rebuild()
    assert lesson_key(wide.trainer) != lesson_key(a.trainer)


def test_two_workers_past_capacity_the_faster_slows_the_slower_does_not():
    array = multiprocessing.Array("d", FIELDS * 2, lock=False)
    fast, slow = Equalizer(Board(array, 0)), Equalizer(Board(array, 1))
    fast_s, slow_s = playing_session(), playing_session()
    t = 100.0
    fast.step([fast_s], t), slow.step([slow_s], t)
    for _ in range(3):  # 62 against 41 epochs/s: the slow worker is past capacity
        t += 1.0
        fast_s.trainer.train_epochs(62)
        slow_s.trainer.train_epochs(41)
        slow.step([slow_s], t)  # (the slow one publishes first: the fast one sees it in the same period)
        fast.step([fast_s], t)
    assert slow.duty == 1.0  # the slowest never slows further
    assert fast.duty < TARGET / 62 + 1e-9 and fast.duty >= MIN_DUTY
    assert math.isnan(array[1])  # throttled: the fast worker's rate is not a floor for anyone
    for _ in range(WINDOW + 6):  # the slow worker's host speeds up past the class's need: once its rate's
        # window has seen it, the others are back to full speed within 6 periods (1.25^6 x MIN_DUTY > 1)
        t += 1.0
        fast_s.trainer.train_epochs(45)
        slow_s.trainer.train_epochs(int(CLASS_EPOCHS) + 10)
        slow.step([slow_s], t)
        fast.step([fast_s], t)
    assert fast.duty == 1.0 and slow.duty == 1.0


def test_a_slow_student_of_another_lesson_slows_nobody():
    """One student of a 64 x 64 network trains few epochs/s by nature: a worker of TF-sized students next
    to it keeps its full speed."""
    array = multiprocessing.Array("d", FIELDS * 2, lock=False)
    small, big = Equalizer(Board(array, 0)), Equalizer(Board(array, 1))
    small_s = playing_session()
    big_s = TrainSession(small_s.cfg.model_copy(update={"hidden": [64, 64]}))
    big_s._rebuild()
    big_s.playing = True
    t = 100.0
    for _ in range(4):
        big.step([big_s], t), small.step([small_s], t)
        t += 1.0
        small_s.trainer.train_epochs(62)
        big_s.trainer.train_epochs(5)
    assert big.floor is None and small.floor is None  # nobody else plays its lesson
    assert small.duty == 1.0 and big.duty == 1.0


def test_a_session_at_duty_one_half_trains_half_its_turn_and_owes_as_much_idle(monkeypatch):
    s = playing_session()
    s.job(0.05)  # the first job renders the run's first frame; the next ones train and render when due
    calls: list[tuple[float, float]] = []  # (budget given, seconds it took)
    real_train = s._train

    def timed_train(budget: float) -> int:
        t0 = time.perf_counter()
        try:
            return real_train(budget)
        finally:
            calls.append((budget, time.perf_counter() - t0))

    monkeypatch.setattr(s, "_train", timed_train)
    monkeypatch.setattr(equalizer, "duty", lambda: 0.5)
    idle0 = equalizer._owed + equalizer.idled()
    s.job(0.1)
    assert len(calls) == 1
    budget, trained = calls[0]
    assert budget <= 0.05 + 1e-9  # half of what the turn left for training
    assert equalizer._owed + equalizer.idled() - idle0 >= trained > 0  # and as much idle owed or slept
    monkeypatch.setattr(equalizer, "duty", lambda: 1.0)
    s.job(0.1)
    assert len(calls) == 2 and calls[1][0] > 0.05  # full speed: the whole turn (less any frame) trains


def test_idle_is_slept_in_pieces_of_at_least_a_chunk(monkeypatch):
    monkeypatch.setattr(equalizer, "_owed", 0.0)
    idled = equalizer.idled()
    for _ in range(3):  # 3 ms owed: not slept yet
        equalizer.owe(0.001)
    assert equalizer.idled() == idled and equalizer._owed == pytest.approx(0.003)
    t0 = time.perf_counter()
    equalizer.owe(0.0015)  # past IDLE_CHUNK (4 ms): all of it at once
    assert time.perf_counter() - t0 >= 0.0045
    assert equalizer.idled() - idled >= 0.0045 and equalizer._owed == 0.0


def health(url: str) -> dict:
    with urllib.request.urlopen(url + "/health", timeout=5) as r:
        return json.loads(r.read())


def test_each_worker_of_a_real_server_reads_the_others_rate():
    """Two playing students on `serve --workers 2` (one per worker, the balancer's split): the worker
    /health reaches sees the other worker's students' epochs/s as its floor; both are far above the class's
    need, so nobody slows."""
    server = LiveServer("--workers", "2")
    clients = []
    try:
        first = health(server.url)["equalizer"]
        assert (first["duty"], first["epochs_per_s"], first["floor"]) == (1.0, None, None)
        for _ in range(2):
            c = TrainClient(server.ws, close_timeout=1)
            c.send(type="config", config=TF_TASK, id=1)
            c.send(type="play", id=2)
            clients.append(c)
        workers = {c.hello["worker"] for c in clients}
        assert len(workers) == 2, "the balancer gives the second student the idle worker"
        deadline = time.monotonic() + 30
        while True:
            state = health(server.url)["equalizer"]
            if state["floor"] is not None and state["epochs_per_s"] is not None:
                break
            assert time.monotonic() < deadline, state
            for c in clients:  # keep reading so that frames flow
                c.recv(timeout=5)
            time.sleep(0.2)
        assert state["floor"] > CLASS_EPOCHS and state["epochs_per_s"] > CLASS_EPOCHS
        assert state["duty"] == 1.0
        assert [w["duty"] for w in state["workers"]] == [1.0, 1.0]  # both heard from, both at full speed
        assert sorted(w["epochs_per_s"] for w in state["workers"])[0] > CLASS_EPOCHS
    finally:
        server.stop()  # first: a client closing while frames fill its queue waits out its close timeout
        for c in clients:
            c.close()


class Broken:
    """A session whose run cannot be read (say a bug mid-rebuild)."""

    playing = True

    @property
    def trainer(self):
        raise RuntimeError("unreadable")


def test_a_failing_measurement_leaves_the_worker_at_full_speed_not_stuck_throttled(caplog):
    eq = Equalizer(Board(multiprocessing.Array("d", FIELDS * 2, lock=False), 0))
    eq.duty = 0.5
    assert eq.tick([Broken()], 100.0) == 1.0 and eq.duty == 1.0
    assert "back to full speed" in caplog.text
