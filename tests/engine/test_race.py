"""The optimizer race: closed-form first steps, the course's claims on the elongated bowl, divergence."""

from __future__ import annotations

from types import SimpleNamespace as NS

import numpy as np
import pytest

from playground.engine.race import DIVERGED, DONE, ESCAPED, Race
from playground.engine.surfaces import get_surface

BOWL = get_surface("elongated_bowl")  # J = 0.1 x^2 + 2 y^2: curvatures 0.2 (shallow x) and 4 (steep y)
CURV = np.array([0.2, 4.0])


def racer(lr=None, beta=0.9, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return NS(learning_rate=lr, beta=beta, beta1=beta1, beta2=beta2, epsilon=epsilon)


def config(surface="elongated_bowl", racers=("gd", "momentum", "rmsprop", "adam"), **kw):
    base = dict(surface=surface, start=None, steps=None, learning_rate=None, noise=0.0, seed=0)
    base.update(lr_decay="none", decay_rate=1.0, decay_interval=1, optimizers={n: racer() for n in racers})
    base.update(kw)
    return NS(**base)


def run(cfg, surface=BOWL) -> dict[str, np.ndarray]:
    race = Race(cfg, surface).run()
    return {name: np.array(r.path) for name, r in race.racers.items()}


# ----------------------------------------------------------------- closed forms on the quadratic


def test_gd_path_is_the_closed_form_for_every_step():
    alpha, start = 0.3, np.array([-8.0, 2.0])
    path = run(config(racers=("gd",), start=start, steps=40, learning_rate=alpha))["gd"]
    t = np.arange(41)[:, None]
    np.testing.assert_allclose(path, start * (1.0 - alpha * CURV) ** t, rtol=1e-12, atol=1e-300)


def test_momentum_first_steps():
    alpha, beta, th0 = 0.1, 0.8, np.array([-8.0, 2.0])
    cfg = config(racers=("momentum",), start=th0, steps=2, optimizers={"momentum": racer(alpha, beta=beta)})
    path = run(cfg)["momentum"]
    v1 = (1 - beta) * CURV * th0  # v = beta v + (1 - beta) dW, v0 = 0
    th1 = th0 - alpha * v1
    v2 = beta * v1 + (1 - beta) * CURV * th1
    th2 = th1 - alpha * v2
    np.testing.assert_allclose(path, [th0, th1, th2], rtol=1e-13)


def test_rmsprop_first_steps():
    alpha, beta2, eps, th0 = 0.01, 0.9, 1e-8, np.array([-8.0, 2.0])
    cfg = config(racers=("rmsprop",), start=th0, steps=2, optimizers={"rmsprop": racer(alpha, beta2=beta2)})
    path = run(cfg)["rmsprop"]
    g0 = CURV * th0
    s1 = (1 - beta2) * g0**2  # no bias correction in RMSprop
    th1 = th0 - alpha * g0 / (np.sqrt(s1) + eps)
    g1 = CURV * th1
    s2 = beta2 * s1 + (1 - beta2) * g1**2
    th2 = th1 - alpha * g1 / (np.sqrt(s2) + eps)
    np.testing.assert_allclose(path, [th0, th1, th2], rtol=1e-12)
    # the first step has the same size alpha / sqrt(1 - beta2) in both directions, whatever the gradient
    np.testing.assert_allclose(np.abs(th1 - th0), alpha / np.sqrt(1 - beta2), rtol=1e-6)


def test_adam_first_steps():
    alpha, b1, b2, eps, th0 = 0.5, 0.9, 0.999, 1e-8, np.array([-8.0, 2.0])
    cfg = config(racers=("adam",), start=th0, steps=2, optimizers={"adam": racer(alpha, beta1=b1, beta2=b2)})
    path = run(cfg)["adam"]
    g0 = CURV * th0
    v, s = (1 - b1) * g0, (1 - b2) * g0**2
    th1 = th0 - alpha * (v / (1 - b1)) / (np.sqrt(s / (1 - b2)) + eps)
    np.testing.assert_allclose(th1, th0 - alpha * np.sign(g0), rtol=1e-8)  # Adam's first step: alpha * sign
    g1 = CURV * th1
    v, s = b1 * v + (1 - b1) * g1, b2 * s + (1 - b2) * g1**2
    th2 = th1 - alpha * (v / (1 - b1**2)) / (np.sqrt(s / (1 - b2**2)) + eps)
    np.testing.assert_allclose(path, [th0, th1, th2], rtol=1e-12)


def test_framework_example_reaches_five():
    """The course's J(w) = w^2 - 10w + 25: 1000 steps of alpha = 0.01 from w = 0 reach w = 5."""
    cfg = config("course_quadratic", racers=("gd",), start=(0.0, 0.0), steps=1000, learning_rate=0.01)
    path = run(cfg, get_surface("course_quadratic"))["gd"]
    assert len(path) == 1001
    np.testing.assert_allclose(path[-1], [5.0, 5.0], atol=1e-6)  # 5 (1 - 0.98^1000) = 5 - 8e-9
    np.testing.assert_allclose(path[1], [0.1, 0.1])  # w1 = 0 - 0.01 * (2 * 0 - 10)


# ----------------------------------------------------------------- the course's claims on the elongated bowl


def test_momentum_oscillates_less_across_the_valley_than_gd():
    # alpha = 0.45: GD's steep-direction factor is 1 - 0.45 * 4 = -0.8, the zig-zag of the lecture
    paths = run(config(racers=("gd", "momentum"), steps=50, learning_rate=0.45))
    gd_y, mom_y = paths["gd"][:, 1], paths["momentum"][:, 1]
    assert np.abs(np.diff(mom_y)).sum() < 0.7 * np.abs(np.diff(gd_y)).sum()  # distance travelled across
    assert np.sum(np.diff(np.sign(mom_y)) != 0) < np.sum(np.diff(np.sign(gd_y)) != 0) / 4  # sign flips


def test_rmsprop_damps_the_steep_direction():
    paths = run(config(racers=("gd", "rmsprop"), steps=50, learning_rate=0.05))
    rms = paths["rmsprop"]
    step = np.abs(np.diff(rms, axis=0))  # (50, 2)
    grad = np.abs(CURV * rms[:-1])
    rate = step / grad  # the effective learning rate per direction
    assert (rate[:, 1] < rate[:, 0]).all()  # smaller steps per unit gradient in the steep direction y
    # GD's first step is 20x longer across the valley (y) than along it; RMSprop's is the same in both
    gd_first = np.abs(paths["gd"][1] - paths["gd"][0])
    rms_first = step[0]
    assert gd_first[1] / gd_first[0] == pytest.approx(5.0)  # |4 * 2| / |0.2 * -8|
    assert rms_first[1] / rms_first[0] == pytest.approx(1.0, rel=1e-6)


def first_within(path: np.ndarray, tol: float) -> int | None:
    hits = np.flatnonzero(np.linalg.norm(path, axis=1) < tol)  # the minimum is (0, 0)
    return int(hits[0]) if hits.size else None


@pytest.mark.parametrize("alpha", [0.1, 0.2, 0.3])
def test_adam_reaches_the_minimum_in_fewer_steps_than_gd(alpha):
    paths = run(config(racers=("gd", "adam"), steps=600, learning_rate=alpha))
    adam, gd = first_within(paths["adam"], 1e-3), first_within(paths["gd"], 1e-3)
    assert adam is not None and gd is not None
    assert adam < gd


def test_default_learning_rates_converge_on_the_bowl():
    race = Race(config(), BOWL).run()
    assert race.steps == BOWL.steps
    for r in race.racers.values():
        assert r.status == DONE and r.lr0 == BOWL.learning_rates[r.name]
        assert BOWL.nearest_minimum_distance(r.theta) < 1e-2


# ----------------------------------------------------------------- divergence, escape, noise, decay


def test_a_diverging_racer_stops_and_the_others_go_on():
    cfg = config(steps=100, optimizers={"gd": racer(0.6), "adam": racer(0.2)})  # 1 - 0.6 * 4 = -1.4
    race = Race(cfg, BOWL).run()
    gd, adam = race.racers["gd"], race.racers["adam"]
    assert gd.status == DIVERGED and 1 < gd.stopped_at < 100
    assert len(gd.path) == gd.stopped_at and np.isfinite(gd.path).all() and np.isfinite(gd.costs).all()
    assert adam.status == DONE and len(adam.path) == 101
    assert race.result()["diverged"] == {"gd": gd.stopped_at}


def test_running_downhill_off_a_saddle_is_an_escape_not_a_divergence():
    race = Race(config("saddle", racers=("gd",)), get_surface("saddle")).run()
    gd = race.racers["gd"]
    assert gd.status == ESCAPED and gd.costs[-1] < gd.costs[0]
    assert race.result()["escaped"] == {"gd": gd.stopped_at}


def test_start_outside_the_domain_is_refused():
    with pytest.raises(ValueError, match="outside the domain"):
        Race(config(start=(50.0, 0.0)), BOWL)


def test_noise_is_seeded_per_racer():
    def paths(seed, racers=("gd", "momentum")):
        return run(config(racers=racers, steps=30, noise=0.5, seed=seed))

    a, b, c = paths(3), paths(3), paths(4)
    np.testing.assert_array_equal(a["gd"], b["gd"])  # bit for bit
    assert not np.array_equal(a["gd"], c["gd"])
    np.testing.assert_array_equal(paths(3, ("gd",))["gd"], a["gd"])  # momentum on or off: same GD path
    # the first noisy GD step is theta - alpha * (g + noise * z), z from the racer's own stream
    z = np.random.default_rng([3, 0]).standard_normal(2)
    g = CURV * np.array([-8.0, 2.0])
    np.testing.assert_allclose(a["gd"][1], [-8.0, 2.0] - BOWL.learning_rates["gd"] * (g + 0.5 * z))


def test_learning_rate_decay_counts_each_race_step_as_an_epoch():
    alpha = 0.1
    cfg = config("course_quadratic", racers=("gd",), start=(0.0, 0.0), steps=4, learning_rate=alpha)
    cfg.lr_decay = "inverse"
    path = run(cfg, get_surface("course_quadratic"))["gd"][:, 0]
    w = 0.0
    for epoch in range(1, 5):  # alpha / (1 + epoch): 0.05, 0.033, 0.025, 0.02
        w -= alpha / (1 + epoch) * (2 * w - 10)
        assert path[epoch] == pytest.approx(w, rel=1e-14)


def test_same_alpha_overrides_every_racer():
    cfg = config(learning_rate=0.07, optimizers={"gd": racer(0.5), "adam": racer(None)})
    race = Race(cfg, BOWL)
    assert {r.lr0 for r in race.racers.values()} == {0.07}
