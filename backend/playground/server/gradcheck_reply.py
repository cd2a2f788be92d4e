"""The answer to a /ws/train `gradcheck` message, run on the session's training thread."""

from __future__ import annotations

import numpy as np

from playground.server.protocol import GradcheckMessage

MAX_GRADCHECK_PARAMS = 1500  # ~0.1-0.5 s on this class of machine


def gradcheck_reply(trainer, cmd: GradcheckMessage) -> dict:
    """{"type": "gradcheck", "id", "difference", "verdict", "broken_backprop"}, or error `too_large` when the
    network has more than MAX_GRADCHECK_PARAMS parameters (2P forward passes would hold the shared thread)."""
    size = sum(np.size(W) + np.size(b) for W, b in trainer.layer_params())
    if size > MAX_GRADCHECK_PARAMS:
        message = (
            f"gradient checking runs 2 forward passes per parameter: at most {MAX_GRADCHECK_PARAMS} "
            f"parameters here (this network has {size}); use `playground gradcheck` for bigger ones"
        )
        return {"type": "error", "code": "too_large", "field": "", "message": message, "id": cmd.id}
    network = trainer.network
    network.broken_backprop = cmd.broken_backprop  # the lesson's demo: for this one check only
    try:
        result = trainer.gradcheck(cmd.epsilon)
    finally:
        network.broken_backprop = False
    return {"type": "gradcheck", "id": cmd.id, **result, "broken_backprop": cmd.broken_backprop}
