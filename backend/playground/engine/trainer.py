"""Trainer: one experiment from a config: data, features, network, optimizer, and the training loop.

`cfg` is any object with ExperimentConfig's attribute names (the engine never imports the schema).

Determinism: one seed -> np.random.SeedSequence(seed).spawn(3) -> independent streams for initialization,
shuffling and dropout masks. The training set is reshuffled at the start of every epoch (not for full-batch
training, where order cannot matter), mini-batches are consecutive slices of that order, and the state
(position in the epoch, streams, optimizer) lives here, so N steps give the same bits however they are
chunked into train_steps calls.

Per epoch (after its last mini-batch): train and dev cost and accuracy in evaluation mode go into `history`;
a NaN/inf training cost stops the run as "diverged"; early stopping (patience p > 0 epochs, needs a dev set)
stops after p epochs without a new lowest dev cost and RESTORES the parameters (and batch norm averages) of
the best epoch, as the course describes ("pick the parameters at the point of lowest dev error"); `epochs`
reached -> "completed". The learning rate of epoch e (1-based) is schedules.decayed_learning_rate(..., e).
"""

from __future__ import annotations

import math

import numpy as np

from .datasets import make_dataset
from .features import Standardizer, expand_features
from .gradcheck import check_network
from .network import Network
from .optimizers import make_optimizer
from .schedules import decayed_learning_rate
from .trainer_state import EarlyStopping, History, PreparedSplit, view_indices

LIVE_FIELDS = frozenset(
    {
        "learning_rate",
        "optimizer",
        "beta",
        "beta1",
        "beta2",
        "epsilon",
        "mini_batch_size",
        "lr_decay",
        "decay_rate",
        "decay_interval",
        "l2",
        "keep_prob",
        "early_stopping",
        "epochs",
    }
)
# used when cfg is not a pydantic model (which lists its own fields)
REBUILD_FIELDS = (
    "dataset", "n_samples", "noise", "classes", "dev_ratio", "test_ratio", "data_seed", "points",
    "dev_points", "test_points", "features", "normalize_inputs", "hidden", "activation", "init",
    "init_scale", "batch_norm", "seed",
)  # fmt: skip
GRADCHECK_EXAMPLES = 200  # gradient checking uses at most the first 200 training examples (2P passes each)


def needs_rebuild(old_cfg, new_cfg) -> bool:
    """True when any field outside LIVE_FIELDS differs (data, inputs, network, init, seed)."""
    fields = getattr(type(new_cfg), "model_fields", None)
    names = set(fields) if fields else set(REBUILD_FIELDS)
    return any(getattr(old_cfg, f, None) != getattr(new_cfg, f, None) for f in names - LIVE_FIELDS)


def _activations(cfg) -> list[str]:
    a = cfg.activation
    return list(a) if isinstance(a, list | tuple) else [a] * len(cfg.hidden)


class Trainer:
    """Trains one network on one dataset; see the module docstring and ENGINE_API.md."""

    def __init__(self, cfg, dataset=None, history: bool = True):
        """history=False: no per-epoch metrics (headless runs that print only the final result); the stop
        decisions stay the same (see _end_epoch)."""
        self.cfg = cfg
        self.record_history = history
        self.dataset = dataset if dataset is not None else make_dataset(cfg)
        self.features = list(cfg.features)
        train_f = expand_features(self.dataset.train.X, self.features)
        self.standardizer = Standardizer().fit(train_f) if cfg.normalize_inputs else Standardizer.identity()
        self.network = Network(
            len(self.features), list(cfg.hidden), _activations(cfg), self.dataset.n_classes, cfg.batch_norm
        )
        init_seq, shuffle_seq, dropout_seq = np.random.SeedSequence(cfg.seed).spawn(3)
        self.network.initialize(cfg.init, np.random.default_rng(init_seq), cfg.init_scale)
        self._shuffle_rng = np.random.default_rng(shuffle_seq)
        self._dropout_rng = np.random.default_rng(dropout_seq)
        self.splits = {
            name: PreparedSplit(getattr(self.dataset, name), self.features, self.standardizer, self.network)
            for name in ("train", "dev", "test")
        }
        train = self.splits["train"]
        self._m = train.size
        # the epoch's order: rows of [features, 1] and of the targets; a mini-batch is rows a:b, transposed
        self._X, self._T = train.rows, train.target_rows
        self._X_order, self._T_order = np.empty_like(self._X), np.empty_like(self._T)
        self._pos = 0  # examples of the current epoch already used
        self.optimizer = self._make_optimizer(cfg)
        self.epoch = 0
        self.steps = 0
        self.stopped: str | None = None if self._m > 0 else "completed"
        self.history = History()
        self._early = EarlyStopping()
        self._w_index = None  # (flat indices of every dW in network.grad, layer starts), built on first use
        self._grids: dict = {}  # resolution (and what else the grid inputs depend on) -> _grid's arrays

    # ------------------------------------------------------------------------------------ hyperparameters

    def _make_optimizer(self, cfg):
        size = self.network.theta.size
        return make_optimizer(
            cfg.optimizer, size, beta=cfg.beta, beta1=cfg.beta1, beta2=cfg.beta2, epsilon=cfg.epsilon
        )

    @property
    def learning_rate(self) -> float:
        """The rate the next step uses: the schedule at epoch e = completed epochs + 1."""
        c = self.cfg
        return decayed_learning_rate(
            c.learning_rate, c.lr_decay, c.decay_rate, c.decay_interval, self.epoch + 1
        )

    def set_hyperparameters(self, cfg) -> None:
        """Apply LIVE_FIELDS of cfg from the next step on, keeping parameters and optimizer state.

        A different optimizer starts with fresh state; raising `epochs` resumes a completed run.
        """
        old, self.cfg = self.cfg, cfg
        if cfg.optimizer != old.optimizer:
            self.optimizer = self._make_optimizer(cfg)
        else:
            for name in ("beta", "beta1", "beta2", "epsilon"):
                if hasattr(self.optimizer, name):
                    setattr(self.optimizer, name, getattr(cfg, name))
        if self.stopped == "completed" and self._m > 0 and cfg.epochs > self.epoch:
            self.stopped = None

    # ------------------------------------------------------------------------------------------ training

    def _batch_size(self) -> int:
        bs = self.cfg.mini_batch_size
        return self._m if bs <= 0 or bs >= self._m else bs

    @property
    def steps_per_epoch(self) -> int:
        """Mini-batch steps in one epoch (the last mini-batch may be smaller): ceil(m / batch size)."""
        return -(-self._m // self._batch_size()) if self._m else 0

    @property
    def epoch_steps_left(self) -> int:
        """Steps to the end of the current epoch (a whole epoch at its start)."""
        return -(-(self._m - self._pos) // self._batch_size()) if self._m else 0

    def train_steps(self, n: int) -> int:
        """Up to n mini-batch steps, crossing epochs; stops early at a stop condition. Returns steps done."""
        done = 0
        with np.errstate(all="ignore"):  # a diverging run is reported through `stopped`, not warnings
            while done < n and self.stopped is None:
                if self._pos == 0:
                    self._start_epoch()
                done += self._run_batches(n - done)
                if self._pos >= self._m:
                    self._end_epoch()
        return done

    def train_epochs(self, n: int) -> int:
        """Up to n whole epochs (finishing the current one first counts as one). Returns epochs done."""
        start = self.epoch
        while self.epoch < start + n and self.stopped is None:
            self.train_steps(math.ceil((self._m - self._pos) / self._batch_size()))
        return self.epoch - start

    def _epoch_order(self) -> np.ndarray | None:
        """(m,) the new epoch's example order, from the run's own shuffle stream (None: one batch, no
        shuffle). A cohort draws its members' orders with this and gathers them all at once."""
        return self._shuffle_rng.permutation(self._m) if self._batch_size() < self._m else None

    def _start_epoch(self) -> None:
        order = self._epoch_order()
        if order is not None:
            np.take(self._X, order, axis=0, out=self._X_order)
            np.take(self._T, order, axis=0, out=self._T_order)
        else:
            np.copyto(self._X_order, self._X)
            np.copyto(self._T_order, self._T)

    def _run_batches(self, budget: int) -> int:
        """The hot loop: up to `budget` steps within the current epoch."""
        m, bs, pos = self._m, self._batch_size(), self._pos
        steps = min(budget, -(-(m - pos) // bs))
        cfg = self.cfg
        net = self.network
        X, T, theta, grad, update = self._X_order, self._T_order, net.theta, net.grad, self.optimizer.step
        lr, l2, keep_prob, rng = self.learning_rate, cfg.l2, cfg.keep_prob, self._dropout_rng
        step = net.program(bs, keep_prob, rng, l2).run  # forward + backward, replayed per mini-batch
        for _ in range(steps):
            end = pos + bs
            if end > m:  # the epoch's last, smaller mini-batch
                end = m
                step = net.program(m - pos, keep_prob, rng, l2).run
            step(X[pos:end].T, T[pos:end].T)
            update(theta, grad, lr)
            pos = end
        self._pos = pos
        self.steps += steps
        return steps

    def _end_epoch(self, later=None) -> None:
        """Record the epoch's metrics and decide whether the run stops. `later(trainer)`, given only where
        _metrics_can_wait(): a cohort keeps the epoch's parameters and gradient norms, computes its metrics
        in one pass with other members' after its steps, and appends them to the history then."""
        self.epoch += 1
        self._pos = 0
        train, dev = self.splits["train"], self.splits["dev"]  # (metrics run inside train_steps' errstate)
        if later is not None:
            later(self)
            train_cost, dev_cost = 0.0, None  # finite for sure; no early stopping
        elif self.record_history:
            train_cost, train_acc = self._metrics(train)
            dev_cost, dev_acc = self._metrics(dev) if dev.size else (None, None)
            self.history.append(train_cost, dev_cost, train_acc, dev_acc, self.grad_norms())
        else:
            train_cost = 0.0 if self._cost_surely_finite() else self._metrics(train)[0]
            dev_cost = self._metrics(dev)[0] if dev.size and self.cfg.early_stopping > 0 else None
        if not math.isfinite(train_cost):
            self.stopped = "diverged"
        elif self._early.update(self.cfg.early_stopping, dev_cost, self.epoch, self.network):
            self.stopped = "early_stopping"
        elif self.epoch >= self.cfg.epochs:
            self.stopped = "completed"

    def _metrics_can_wait(self) -> bool:
        """True when this epoch's stop decision needs no metrics: no early stopping, and divergence ruled
        out by _cost_surely_finite (checked on the parameters the epoch ended with)."""
        return self.record_history and self.cfg.early_stopping <= 0 and self._cost_surely_finite()

    def _cost_surely_finite(self) -> bool:
        """True when the training cost cannot be NaN/inf, without computing it: every |parameter| < 1e15.

        Then each layer multiplies the size of its inputs by at most 65e15 (|g(z)| <= max(1, |z|) for every
        activation), so even 9 layers on inputs up to 1e12 keep |logits| < 1e160, and the cross-entropy in
        its stable form stays finite. Batch norm adds running averages outside theta: no shortcut there.
        """
        if any(r is not None for r in self.network.running):
            return False
        return bool(np.abs(self.network.theta).max(initial=0.0) < 1e15)  # NaN compares False

    # ---------------------------------------------------------------------------------------- evaluation

    def evaluate(self, split_name: str) -> tuple[float | None, float | None]:
        """(cost incl. the L2 term with m = the split's size, accuracy) in evaluation mode; (None, None) if
        the split is empty. The cost may be NaN/inf after divergence."""
        s = self.splits[split_name]
        if s.size == 0:
            return None, None
        with np.errstate(all="ignore"):  # NaN parameters after divergence give a NaN cost, not warnings
            return self._metrics(s)

    def latest_metrics(self) -> dict[str, float | None]:
        """{train_cost, dev_cost, train_accuracy, dev_accuracy} of the parameters the run holds now: the last
        epoch's history entry, except after early stopping, which restored an earlier epoch's parameters:
        then they are evaluated afresh (None where unknown or not finite)."""
        if self.stopped != "early_stopping":
            return {k: self.history.latest(k) for k in History.KEYS}
        (tc, ta), (dc, da) = self.evaluate("train"), self.evaluate("dev")
        values = {"train_cost": tc, "dev_cost": dc, "train_accuracy": ta, "dev_accuracy": da}
        return {k: v if v is not None and math.isfinite(v) else None for k, v in values.items()}

    @property
    def kept_epoch(self) -> tuple[int, float] | None:
        """(epoch, dev cost) whose parameters early stopping restored; None unless it stopped the run here."""
        if self.stopped != "early_stopping" or self._early.best_epoch == 0:
            return None
        return self._early.best_epoch, self._early.best_cost

    def _metrics(self, s) -> tuple[float, float]:
        Z, _ = self.network.forward_eval(s.F)
        cost = self.network.cost(Z, s.y, self.cfg.l2)
        return cost, np.count_nonzero(self.network.output.predict(Z) == s.y) / s.size

    def _features(self, X: np.ndarray) -> np.ndarray:
        """Raw coordinates (n, 2) -> network inputs (n_x, n)."""
        return self.standardizer.transform(expand_features(X, self.features)).T

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """(n, K) class probabilities for raw coordinates X (n, 2) (K = 2 columns for binary tasks)."""
        with np.errstate(all="ignore"):
            return self.network.proba(self._features(X)).T

    GRID_CACHE = 4  # entries (boundary + neuron resolutions, one spare); 200 x 200 x 7 features is 2.2 MB

    def _grid(self, resolution: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Read-only xs (r,), ys (r,) and network inputs F (n_x, r*r) of the points (xs[ix], ys[iy]) in
        [iy, ix] order, cached: a live session draws the same grid many times a second."""
        # The inputs depend only on the plot bounds, the feature list and the standardizer, fixed at
        # construction (a data/input change builds a new Trainer), yet the key names them too: a replaced one
        # misses instead of serving stale inputs.
        key = (resolution, self.dataset.bounds, tuple(self.features), self.standardizer)
        if len(self._grids) >= self.GRID_CACHE and key not in self._grids:
            self._grids.clear()
        grid = self._grids.get(key)
        if grid is None:
            grid = self._grids[key] = self._make_grid(resolution)
        return grid

    def _make_grid(self, resolution: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """xs (r,), ys (r,), F (n_x, r*r): what _grid caches."""
        x1_min, x1_max, x2_min, x2_max = self.dataset.bounds
        xs, ys = np.linspace(x1_min, x1_max, resolution), np.linspace(x2_min, x2_max, resolution)
        gx, gy = np.meshgrid(xs, ys)  # [iy, ix]: rows follow x2, columns x1 (a heatmap's z)
        F = self._features(np.column_stack([gx.ravel(), gy.ravel()]))  # the layout predict_proba passes
        for a in (xs, ys, F):
            a.flags.writeable = False  # shared by every later frame
        return xs, ys, F

    def grid_inputs(self, resolution: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Read-only xs (r,), ys (r,), network inputs F (n_x, r*r) of the boundary grid (cached), for a
        display that runs its own forward pass (server/display.py)."""
        return self._grid(resolution)

    def boundary_grid(self, resolution: int):
        """xs (r,), ys (r,), probs (r, r, K) with probs[iy, ix] = P(class | (xs[ix], ys[iy])).

        xs and ys are read-only; probs is a view of the (K, r*r) output (no transposing copy)."""
        xs, ys, F = self._grid(resolution)
        with np.errstate(all="ignore"):
            P = self.network.proba(F)
        return xs, ys, P.reshape(-1, resolution, resolution).transpose(1, 2, 0)

    def neuron_grids(self, resolution: int) -> list[np.ndarray]:
        """Per hidden layer, (units, r, r) activations over the boundary grid, [unit, iy, ix]."""
        F = self._grid(resolution)[2]
        with np.errstate(all="ignore"):
            _, hidden = self.network.forward_eval(F)
        return [A.reshape(A.shape[0], resolution, resolution) for A in hidden]

    def layer_params(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Copies of (W (n_in, n_out), b (n_out,)) per layer incl. the output; batch-normalized layers have no
        b, and report beta (which plays its role) instead."""
        return [(p.W.T.copy(), (p.b if p.b is not None else p.beta).copy()) for p in self.network.params]

    def grad_norm_index(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(flat indices of every dW in network.grad, each layer's start among them), or None when some dW
        is not a view into the flat gradient."""
        if self._w_index is None:
            self._w_index = view_indices(self.network.grad, [g.W for g in self.network.grads])
        return self._w_index or None

    def grad_norms(self) -> np.ndarray:
        """(L,) ||dW^[l]||_2 at the last step (incl. the L2 term)."""
        if self.grad_norm_index() is None:
            return np.array([np.linalg.norm(g.W) for g in self.network.grads])
        index, starts = self._w_index
        # recorded every epoch: one gather and one segmented sum instead of L norm calls (~1.5 vs ~5 us)
        return np.sqrt(np.add.reduceat(np.square(self.network.grad[index]), starts))

    def gradcheck(self, epsilon: float = 1e-7) -> dict:
        """{"difference", "verdict"}: backprop vs two-sided differences over every parameter, dropout off,
        on the first GRADCHECK_EXAMPLES training examples."""
        s = self.splits["train"]
        k = min(s.size, GRADCHECK_EXAMPLES)
        if k == 0:
            return {"difference": 0.0, "verdict": "fine"}
        X, T = s.rows[:k].T, s.target_rows[:k].T
        return check_network(self.network, X, T, s.y[:k], self.cfg.l2, epsilon)

    def __repr__(self) -> str:
        return f"Trainer({self.network!r}, epoch={self.epoch}, steps={self.steps}, stopped={self.stopped})"
