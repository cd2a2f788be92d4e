"""train_ws.Mailbox with a real TrainSession: frames that replace each other never lose an epoch's points."""

from __future__ import annotations

import asyncio

import numpy as np

from playground.config import ExperimentConfig
from playground.engine.trainer import Trainer
from playground.frames import decode_frame
from playground.server.protocol import parse_command
from playground.server.scheduler import Inbox
from playground.server.session import TrainSession
from playground.server.train_ws import Mailbox

# full batch: one step is one epoch, so `step n=3` ends exactly at epoch 3
CFG = {"dataset": "moons", "hidden": [8, 8, 8], "activation": "sigmoid", "mini_batch_size": 0, "epochs": 6}


async def _two_steps_before_the_loop_looks() -> tuple[int, bool, list[bytes]]:
    """Two `step 3` jobs on the loop's own thread, back to back: the loop cannot put the first frame into
    the slot before the second is rendered (what a slow machine does when one job renders twice).
    Returns how many frames were rendered with epochs, whether the mailbox knew a frame was unsent, and
    the frames the socket then gets."""
    mailbox = Mailbox(Inbox(asyncio.get_running_loop()))
    rendered = []

    def emit(item):
        if isinstance(item, bytes) and "epochs" in decode_frame(item)[1]:
            rendered.append(item)
        mailbox.emit(item)

    session = TrainSession(ExperimentConfig(**CFG), emit=emit, frame_free=mailbox.frame_free)
    for _ in range(2):
        session.submit(parse_command({"type": "step", "n": 3}))
        session.job(1.0)
    unsent = not mailbox.frame_free()
    out = []  # the loop drains its inbox at the first await: the slot holds the newest frame only
    try:
        while True:
            out.append(await asyncio.wait_for(mailbox.next(), 0.2))
    except TimeoutError:
        pass
    return len(rendered), unsent, [m for m in out if isinstance(m, bytes)]


def test_a_frame_that_replaces_an_unsent_one_repeats_its_epochs():
    n_rendered, unsent, frames = asyncio.run(_two_steps_before_the_loop_looks())
    assert n_rendered == 2  # epochs 1-3, then a frame that will replace it
    header, arrays = decode_frame(frames[-1])
    assert header["epoch"] == 6
    # what reached the socket holds every epoch once the replaced frame is gone
    got = np.concatenate([decode_frame(f)[1].get("epochs", np.array([], np.int32)) for f in frames])
    assert sorted(set(got.tolist())) == [1, 2, 3, 4, 5, 6]
    assert unsent  # frame_free: False while a frame emitted has not left (a new one would replace it)
    ref = Trainer(ExperimentConfig(**CFG))
    expected = []
    for _ in range(6):
        ref.train_steps(1)
        expected.append(ref.grad_norms())
    np.testing.assert_allclose(arrays["epoch_grad_norms"], np.array(expected, np.float32), rtol=1e-6)
