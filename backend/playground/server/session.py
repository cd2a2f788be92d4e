"""One browser tab's live training run. Only `job()` touches the Trainer, and only on a training thread.

The event loop hands commands over with `submit()` (a thread-safe deque) and sets `interrupt` so a running job
returns within one mini-batch call; the next job applies the commands first, then trains for its time budget,
then renders a frame. So `pause` or a new learning rate takes effect within one frame.

Live vs rebuild: fields in the engine's LIVE_FIELDS (learning rate, optimizer and its betas/epsilon, batch
size, decay, L2, keep_prob, early stopping, epochs) go through Trainer.set_hyperparameters and apply at the
next step without a reset; any other change (data, features, layers, activations, init, batch norm, seeds)
rebuilds the Trainer (a new run: the frame's `run` counter increases).
"""

from __future__ import annotations

import threading
import time
from collections import deque

from playground.config import ExperimentConfig
from playground.engine.trainer import Trainer, needs_rebuild
from playground.server import equalizer, train_frames
from playground.server.config_reply import ConfigEcho
from playground.server.display import BoundaryCache
from playground.server.gradcheck_reply import gradcheck_reply
from playground.server.pacing import Pacer
from playground.server.protocol import (
    HIDDEN_FPS,
    GradcheckMessage,
    Message,
    PauseMessage,
    PlayMessage,
    ResetMessage,
    StepMessage,
    ViewMessage,
    ViewOptions,
    apply_view,
)
from playground.server.scheduler import fit_call, steer

STOP_EVENTS = {"completed": "completed", "early_stopping": "early_stopped", "diverged": "diverged"}
STOP_TEXT = {
    "completed": "trained all epochs",
    "early_stopped": "dev cost stopped improving (early stopping)",
    "diverged": "the cost became NaN or infinite; lower the learning rate, then reset or press play",
}
HISTORY_KEEP = 20_000  # epochs of history a live session keeps (frames need only those since the last one)
TRAIN_PER_RENDER = 1.0  # under load, training keeps at least half of a session's time, frames the rest
PACE_QUANTUM = 0.5  # frame periods: a paced session sleeps at least this long between its turns
# An overloaded server (a playing session gets its turns at under COARSE_BELOW x its frame rate: it waits
# longer than 1 / (COARSE_BELOW x fps) in the scheduler's queue) sends the boundary grid at half its side (a
# quarter of the points), back to full above FULL_ABOVE x: the frame header says which (`grid`). The gap
# between the two keeps it from flickering between them.
COARSE_BELOW, FULL_ABOVE = 0.5, 0.7


class ApplyConfig(Message):
    """Internal command: a config already validated and merged on the event loop."""

    type: str = "apply_config"
    config: ExperimentConfig


class RoomMark(Message):
    """Internal command: a room event (rooms_ws.py) took effect; frames from now on carry its `seq`."""

    type: str = "room_mark"
    seq: int


def stays_stacked(cmd: Message, cfg: ExperimentConfig) -> bool:
    """Whether a run may take `cmd` inside its cohort (then CohortPool.refresh): a view or room change, or a
    live config change with the same optimizer (a new one starts afresh: its state must leave the stack
    first). Whether the run's shape or pace still fits its cohort is checked after."""
    if isinstance(cmd, ApplyConfig):
        new = cmd.config
        return new.optimizer == cfg.optimizer and not needs_rebuild(cfg, new)
    return isinstance(cmd, ViewMessage | RoomMark)


class TrainSession:
    """State of one live run: config, view options, play state, the Trainer, and frame bookkeeping."""

    def __init__(self, cfg: ExperimentConfig | None = None, emit=None, frame_free=None, cohorts=None):
        """`emit(item)`: hands a reply (dict) or a frame (bytes) to the socket, callable from any thread;
        `frame_free()`: True when the last frame has been sent; `cohorts`: the process's CohortPool (None:
        always train alone)."""
        self.cfg = cfg or ExperimentConfig()
        # the latest config accepted on the event loop (partial updates merge onto it); `cfg` follows it
        # when the next job applies it, and a config the engine refuses sends it back to `cfg`
        self.requested = self.cfg
        self.emit = emit or (lambda item: None)
        self.frame_free = frame_free or (lambda: True)
        self.view = ViewOptions()
        self.trainer: Trainer | None = None
        self.playing = False
        self.steps_left = 0
        self.run = 0  # increases on every rebuild/reset: the client clears its curves
        self.seq = 0  # frames rendered
        self.ack = None  # what frames carry: the id of the last command applied whose effect is complete
        self.room_event = None  # seq of the last room event applied (frames carry it as `room_event`)
        self._latest_id = None  # id of the last command applied (a `step` completes when its steps are done)
        self.dirty = True  # state changed: the next job renders a frame even when not training
        self.closed = False
        self.interrupt = threading.Event()
        self.leave_cohort = False  # a command waits that its cohort cannot take in place (cohorts.py)
        self._submitted = self.cfg  # the last config submitted (event loop side; the job checks again)
        self._pending: deque[Message] = deque()
        self._last_end = 0  # history length when the last frame was rendered
        self._pending_start = 0  # first epoch of the frame that may still be waiting to be sent
        self._steps_per_call = 4
        self._reported_stop: str | None = None
        self._unrendered = False  # trained since the last frame
        self._last_render = 0.0
        self.last_job_seconds = 0.0  # the last job's time, less what it trained for other cohort members
        self.for_others = 0.0  # cohort training in this job on the other members' behalf (cohorts.py)
        self.render_seconds = 0.0  # moving average of one frame's rendering time
        self._trained_seconds = 0.0  # training time since the last frame
        self.echo = ConfigEcho()  # leaves unchanged drawn points and data out of `config` replies
        self.pacer = Pacer()  # view.max_epochs_per_second
        self.cohorts = cohorts
        self.boundary = BoundaryCache()  # display only: float32 grids, reused while the picture stands still
        self.coarse = False  # overloaded: the boundary grid at half resolution
        self._queued_at: float | None = None  # when the session last asked the scheduler for a turn
        self._wait: float | None = None  # moving average of the wait for a turn (s), while playing

    # -- event loop side ---------------------------------------------------------------------------------
    def submit(self, cmd: Message) -> None:
        """Queue a command for the next job and cut the running job short. A command the run's cohort
        cannot take in place (stays_stacked) has others' cohort turns leave it at once (leave_cohort)."""
        self._pending.append(cmd)
        if not stays_stacked(cmd, self._submitted):
            self.leave_cohort = True
        if isinstance(cmd, ApplyConfig):
            self._submitted = cmd.config
        self.interrupt.set()

    def wants_cpu(self) -> bool:
        return bool(self._pending) or self.playing or self.steps_left > 0 or self.dirty

    def training(self) -> bool:
        return self.playing or self.steps_left > 0

    def close(self) -> None:
        self.closed = True
        self.interrupt.set()

    # -- training thread side ----------------------------------------------------------------------------
    def job(self, budget: float) -> None:
        """Apply queued commands, render a frame if one is due, then train for the rest of `budget` seconds.

        Replies and frames go out through `emit` as soon as they exist, so the event loop sends a frame while
        this thread trains the next chunk. A frame is due after a change, or when training happened, a frame
        period (1 / view.max_fps) has passed since the last one, and the previous frame has left."""
        started, cpu = time.perf_counter(), time.thread_time()
        self.for_others = 0.0
        self._follow_load(started)
        try:
            self._job(budget)
        finally:
            # the fairness debt (train_ws.drive) charges a session its own CPU: a cohort turn that trained
            # 25 runs counts as one run's share (the other 24 count theirs as their training: mark_trained),
            # and the time this thread did not run (another process had the core, the event loop the GIL) is
            # not the session's: on a shared host's bad day a wall-clock charge put 23% of turns in debt,
            # each session asleep for 15% of the time (ws_load.py --contend, 50 students)
            wall = time.perf_counter() - started
            ran = min(1.0, (time.thread_time() - cpu) / wall) if wall > 0 else 1.0
            self.last_job_seconds = (wall - self.for_others) * ran

    def _job(self, budget: float) -> None:
        self.interrupt.clear()
        self.leave_cohort = False  # (a command submitted meanwhile is checked again below)
        self._apply_pending()
        if self.trainer is None:
            self._rebuild()
        t0 = time.perf_counter()
        # a pending `step` renders after training: the frame that acks it must show its steps done
        if not self.closed and ((self.dirty and self.steps_left == 0) or self._frame_due(t0)):
            self.emit(self._render())
        if self.training() and not self.closed:
            share = equalizer.duty()  # < 1: another worker is past capacity, this one slows to its pace
            t1 = time.perf_counter()
            if self._train((budget - (t1 - t0)) * share):
                self._unrendered = True
            trained = time.perf_counter() - t1
            self._trained_seconds += trained
            if share < 1.0:  # the rest of the turn idle (in pieces): frames keep their rate, epochs come down
                equalizer.owe(equalizer.idle_owed(trained, share))
            for reply in self._stop_event():
                self.emit(reply)
            if self.closed:
                return
            if not self.training():
                self.emit(self._render())  # a step ended or the run stopped: show the final state now
            elif self.view.max_epochs_per_second and self._frame_due(time.perf_counter()):
                self.emit(self._render())  # paced: the session now waits, show what it trained

    def _apply_pending(self) -> None:
        """Apply the queued commands. They act on the Trainer, so a cohort member's state is written back
        first; a live change (stays_stacked) keeps it in its cohort with its row updated, any other
        command takes it out. (An lr change every 0.5 s from 50 students made 100 leaves and joins a
        second, each rebuilding the cohort's stack.)"""
        touched = False
        while self._pending and not self.closed:
            cmd = self._pending.popleft()
            if self.cohorts is not None:
                if self.trainer is not None and stays_stacked(cmd, self.cfg):
                    if not touched:
                        self.cohorts.sync(self)  # state and history whole before the command reads them
                else:
                    self.cohorts.release(self)
                touched = True
            for reply in self._apply(cmd):
                self.emit(reply)
        if touched:
            self.cohorts.refresh(self)

    def _frame_due(self, now: float) -> bool:
        """A periodic frame: trained since the last one, a frame period passed, the last frame has left."""
        period_over = now - self._last_render >= 0.75 / self.frame_fps()  # turns last 0.9 of a period
        # under load, frames thin out before training does: rendering gets at most 1 / (1 + TRAIN_PER_RENDER)
        # of the session's time (its turns are short when many sessions train); a paced session that keeps
        # its pace trains little by design, so it affords its frames (one that falls behind does not)
        afford = self._trained_seconds >= TRAIN_PER_RENDER * self.render_seconds
        if not afford and self.view.max_epochs_per_second and self.trainer is not None:
            afford = self._pace_wait(now) > 0
        return self._unrendered and period_over and afford and self.frame_free()

    def frame_fps(self) -> float:
        """Frames per second this session aims at: view.max_fps, at most HIDDEN_FPS while hidden."""
        return self.view.max_fps if self.view.visible else min(self.view.max_fps, HIDDEN_FPS)

    def pace_wait(self) -> float:
        """Seconds this session has nothing to do because of view.max_epochs_per_second (0: work now)."""
        tr, rate = self.trainer, self.view.max_epochs_per_second
        if not rate or tr is None or self._pending or not self.training():
            return 0.0
        if self.dirty and self.steps_left == 0:  # a frame to render now (a pending step renders when done)
            return 0.0
        now = time.perf_counter()
        wait = self._pace_wait(now)
        if wait > 0:  # wake for a batch of steps, not for each (2,500 a second at the page's 100 epochs/s)
            wait = max(wait, PACE_QUANTUM / self.frame_fps())
        if self._unrendered:  # wake up for the frame that shows the last steps
            due = self._last_render + 0.75 / self.frame_fps() - now
            wait = min(wait, max(due, 0.0 if self.frame_free() else 0.005))
        return wait

    def _pace_wait(self, now: float) -> float:
        """Seconds until the pace allows the next step: the cohort's pace while in a paced cohort."""
        if self.cohorts is not None:
            wait = self.cohorts.pace_wait(self, now)
            if wait is not None:
                return wait
        tr = self.trainer
        return self.pacer.wait(self.view.max_epochs_per_second, tr.steps_per_epoch, tr.steps, now)

    def _apply(self, cmd: Message) -> list[dict]:
        replies: list[dict] = []
        if isinstance(cmd, RoomMark):  # changes nothing of the run: only what the next frame says
            self.room_event, self.dirty = cmd.seq, True
            return replies
        if isinstance(cmd, ApplyConfig):
            replies.append(self._apply_config(cmd))
        elif isinstance(cmd, PlayMessage):
            if self.trainer is not None and self.trainer.stopped is not None:
                self._rebuild()  # play after the end (or a divergence) starts the run over
            self.playing, self.steps_left = True, 0
        elif isinstance(cmd, PauseMessage):
            self.playing, self.steps_left = False, 0
        elif isinstance(cmd, StepMessage):
            if self.trainer is not None and self.trainer.stopped is not None:
                self._rebuild()
            # steps add up: three `step 100` messages train 300 steps, however they arrive
            self.steps_left = (0 if self.playing else self.steps_left) + cmd.n
            self.playing = False
        elif isinstance(cmd, ResetMessage):
            self.playing, self.steps_left = False, 0
            self._rebuild()
        elif isinstance(cmd, ViewMessage):
            self.view = apply_view(self.view, cmd)
        elif isinstance(cmd, GradcheckMessage):
            if self.trainer is None:
                self._rebuild()
            replies.append(gradcheck_reply(self.trainer, cmd))
        self._latest_id = cmd.id if cmd.id is not None else self._latest_id
        self.dirty = True
        self.pacer.restart()  # the pace, the batch size or the play state may have changed
        return replies

    def _apply_config(self, cmd: ApplyConfig) -> dict:
        if self.trainer is None:  # the session's initial run, as if the first job had come first: `rebuilt`
            self._rebuild()  # then means "differs from the previous config" whatever the timing
        old, new = self.cfg, cmd.config
        rebuild = needs_rebuild(old, new)
        self.cfg = new
        if rebuild:
            try:
                self._rebuild()
            except ValueError as e:  # e.g. drawn data the engine cannot split: keep the previous run
                self.cfg = self.requested = old
                return {
                    "type": "error",
                    "code": "invalid_config",
                    "field": "config",
                    "message": str(e),
                    "id": cmd.id,
                }
        else:
            self.trainer.set_hyperparameters(new)
        return self.echo.reply(new, cmd.id, rebuild, self.trainer.dataset)

    def _rebuild(self) -> None:
        dataset = None
        if self.trainer is not None and self.trainer.cfg == self.cfg:
            dataset = self.trainer.dataset  # a reset: same data, skip regenerating it
        self.trainer = Trainer(self.cfg, dataset)
        self.trainer.history.keep = HISTORY_KEEP
        self.run += 1
        self._last_end = self._pending_start = 0
        self._reported_stop = None
        self.dirty = True

    def mark_trained(self, seconds: float) -> None:
        """A cohort this session belongs to trained its run in another session's turn (`seconds`: this
        session's share of that time)."""
        self._unrendered = True
        self._trained_seconds += seconds

    def _train(self, budget: float) -> int:
        """Mini-batch steps for up to `budget` seconds (or until interrupted/stopped); returns steps done."""
        align = None  # steps to train alone before the run can join its cohort (it joins next turn)
        if self.cohorts is not None:
            if self.cohorts.stackable(self):
                done = self.cohorts.train(self, budget)
                if done is not None:
                    return done
                align = self.cohorts.steps_to_align(self)
            else:
                self.cohorts.release(self)
        tr, done_total = self.trainer, 0
        deadline = time.perf_counter() + budget
        rate = self.view.max_epochs_per_second
        while not self.interrupt.is_set() and tr.stopped is None:
            t0 = time.perf_counter()
            n = fit_call(self._steps_per_call, deadline - t0)
            n = n if self.playing else min(n, self.steps_left)
            n = min(n, self.pacer.allowed(rate, tr.steps_per_epoch, tr.steps, t0))
            if align is not None:
                n = min(n, align - done_total)
            if n <= 0:
                break
            done = tr.train_steps(n)
            dt = time.perf_counter() - t0
            done_total += done
            if not self.playing:
                self.steps_left = max(0, self.steps_left - done)
            if dt > 0 and done == n and 2 * n >= self._steps_per_call:  # steer towards CALL_SECONDS
                self._steps_per_call = steer(n, dt)
            if done < n or not self.training() or time.perf_counter() >= deadline:
                break
        return done_total

    def _stop_event(self) -> list[dict]:
        stopped = self.trainer.stopped
        if stopped is None or stopped == self._reported_stop:
            return []
        self._reported_stop = stopped
        self.playing, self.steps_left, self.dirty = False, 0, True
        name = STOP_EVENTS.get(stopped, stopped)
        tr = self.trainer
        message = STOP_TEXT[name]
        if tr.kept_epoch is not None:
            epoch, dev_cost = tr.kept_epoch
            message += f"; kept the parameters of epoch {epoch} (lowest dev cost {dev_cost:.4g})"
        event = {"type": "event", "event": name, "epoch": tr.epoch, "step": tr.steps, "message": message}
        if tr.kept_epoch is not None:
            event["kept_epoch"], event["kept_dev_cost"] = tr.kept_epoch
        return [event]

    def queued(self) -> None:
        """Event loop side: the session asks the scheduler for a turn now (job() measures the wait)."""
        self._queued_at = time.perf_counter()

    def _follow_load(self, started: float) -> None:
        """Switch `coarse` by the scheduler's queue: how long this session waited for its turn (a moving
        average). A slow client or a slow pace does not count: only the server's own load does."""
        if self._queued_at is None or not self.playing:
            return
        wait, self._queued_at = started - self._queued_at, None
        self._wait = wait if self._wait is None else 0.8 * self._wait + 0.2 * wait
        if self.coarse and self._wait < 1.0 / (FULL_ABOVE * self.frame_fps()):
            self.coarse = False
        elif not self.coarse and self._wait > 1.0 / (COARSE_BELOW * self.frame_fps()):
            self.coarse = True

    def _render(self) -> bytes:
        t0 = time.perf_counter()
        try:
            return self._render_frame()
        finally:
            self.render_seconds = 0.8 * self.render_seconds + 0.2 * (time.perf_counter() - t0)

    def _render_frame(self) -> bytes:
        if self.cohorts is not None:
            # a stacked pass for every frame's last epochs was a sixth of a loaded worker's CPU (50 sessions)
            self.cohorts.sync(self, history=False)
        tr = self.trainer
        if self.steps_left == 0:  # no `step` under way: every command applied so far has taken effect
            self.ack = self._latest_id
        meta = {"seq": self.seq, "run": self.run, "ack": self.ack, "playing": self.playing}
        meta["room_event"] = self.room_event
        # A frame still waiting in the mailbox is about to be replaced: repeat its points, never lose them
        # (if it left meanwhile, the client sees some epochs twice and drops them by epoch number).
        start = self._last_end if self.frame_free() else self._pending_start
        resolution = max(10, self.view.resolution // 2) if self.coarse else self.view.resolution
        self.boundary.reuse = self.playing  # paused or stepped: the picture is computed afresh
        frame = train_frames.render(tr, self.view, start, meta, self.boundary, self.view.visible, resolution)
        self._pending_start, self._last_end = start, tr.history.epochs
        self.seq += 1
        self.dirty = self._unrendered = False
        self._trained_seconds = 0.0
        self._last_render = time.perf_counter()
        return frame
