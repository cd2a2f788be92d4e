"""Which trials can train as one stacked computation (engine/stacked.py).

Trials stack when their configs agree on everything but the per-trial scalars below: same data, features,
architecture, mini-batch size, optimizer and seed. Batch-normalized networks are not stacked (they train one
by one, with the same results).
"""

from __future__ import annotations

import json

from playground.config import ExperimentConfig

# Fields that may differ between trials of one stack (per-trial scalars of engine/stacked.py).
PER_TRIAL = frozenset(
    {
        "learning_rate",
        "lr_decay",
        "decay_rate",
        "decay_interval",
        "beta",
        "beta1",
        "beta2",
        "epsilon",
        "l2",
        "keep_prob",
        "init_scale",
        "early_stopping",
        "epochs",
    }
)


# Every ExperimentConfig field, as reviewed against engine/stacked.py: the fields that shape data, inputs and
# the network reach the stack through the Trainers it is built from (dataset, prepared splits, initial theta);
# the rest are per-trial scalars above, or shared through the stack's key (optimizer, mini_batch_size, seed).
# A field added to the schema later is not listed: such configs train one by one until someone checks that the
# stack honours it (tests/tuning/test_stacked.py fails to say so).
REVIEWED = PER_TRIAL | {
    "dataset", "n_samples", "noise", "classes", "dev_ratio", "test_ratio", "data_seed", "points",
    "dev_points", "test_points", "augment_copies", "augment_jitter", "features", "normalize_inputs", "hidden",
    "activation", "init", "optimizer", "mini_batch_size", "batch_norm", "seed",
}  # fmt: skip
_DEFAULTS = ExperimentConfig().model_dump()


def stack_key(cfg: ExperimentConfig) -> str:
    """Trials with equal keys share everything but per-trial scalars, so they can train as one stack."""
    return json.dumps(cfg.model_dump(exclude=set(PER_TRIAL)), sort_keys=True)


def make_stack(configs: list[ExperimentConfig]):
    """A StackedTrainer over fresh Trainers of `configs` sharing one dataset; None when they cannot stack."""
    from playground.engine.datasets import make_dataset
    from playground.engine.stacked import StackedTrainer
    from playground.engine.trainer import Trainer

    if configs[0].batch_norm or len({stack_key(c) for c in configs}) != 1:
        return None
    unreviewed = set(ExperimentConfig.model_fields) - REVIEWED
    if any(getattr(c, f) != _DEFAULTS[f] for c in configs for f in unreviewed):
        return None
    dataset = make_dataset(configs[0])
    # history=False: a sweep reports final numbers only, so per-epoch metrics are skipped where possible
    return StackedTrainer([Trainer(cfg, dataset) for cfg in configs], history=False)
