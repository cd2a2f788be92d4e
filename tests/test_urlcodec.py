"""The Python URL codec: round trips, ECMAScript number layout, packed points, tampered URLs."""

from __future__ import annotations

import random

import pytest

from playground.config import ExperimentConfig
from playground.urlcodec import decode, encode, js_number, pack_points, unpack_points


def test_defaults_encode_to_the_version_alone():
    assert encode(ExperimentConfig()) == "v=1"
    cfg, errors = decode("v=1")
    assert cfg == ExperimentConfig() and errors == []


@pytest.mark.parametrize(
    ("x", "text"),
    [
        # ECMAScript Number::toString: plain notation for 1e-6 <= |x| < 1e21, exponent form outside
        (0.01, "0.01"),
        (0.000001, "0.000001"),
        (1e-7, "1e-7"),
        (2.5e-7, "2.5e-7"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (100.0, "100"),
        (-3.25, "-3.25"),
        (0.1 + 0.2, "0.30000000000000004"),
        (5e-324, "5e-324"),
    ],
)
def test_numbers_are_written_as_javascript_writes_them(x, text):
    assert js_number(x) == text
    assert float(text) == x


def test_only_non_default_fields_in_schema_order():
    q = encode({"learning_rate": 0.03, "dataset": "moons", "hidden": [8, 8], "batch_norm": True})
    assert q == "v=1&dataset=moons&hidden=8,8&learning_rate=0.03&batch_norm=true"


def random_config(rng: random.Random) -> ExperimentConfig:
    depth = rng.randint(0, 4)
    hidden = [rng.randint(1, 64) for _ in range(depth)]
    acts = ["relu", "leaky_relu", "tanh", "sigmoid", "linear"]
    classes = rng.randint(2, 6)

    def pts(n):
        return [
            [rng.randint(-600, 600) / 100, rng.randint(-600, 600) / 100, rng.randrange(classes)]
            for _ in range(n)
        ]

    return ExperimentConfig(
        dataset=rng.choice(["circles", "blobs", "custom", "spiral"]),
        classes=classes,
        points=pts(rng.randint(1, 50)),  # custom data needs a training point
        dev_points=pts(rng.randint(0, 5)),
        hidden=hidden,
        activation=[rng.choice(acts) for _ in hidden]
        if depth > 1 and rng.random() < 0.5
        else rng.choice(acts),
        features=rng.sample(["x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"], rng.randint(1, 7)),
        learning_rate=rng.choice([1e-5, 0.003, 0.1, 1.0, 7.5]) * rng.random() + 1e-9,
        beta2=rng.random() * 0.999,
        epsilon=10.0 ** rng.uniform(-12, -1),
        mini_batch_size=rng.randint(0, 512),
        keep_prob=rng.uniform(0.05, 1.0),
        normalize_inputs=rng.random() < 0.5,
        seed=rng.randint(0, 2**31 - 1),
    )


def testrandom_configs_round_trip_bit_for_bit():
    rng = random.Random(4)
    for _ in range(200):
        cfg = random_config(rng)
        back, errors = decode(encode(cfg))
        assert errors == []
        assert back.model_dump() == cfg.model_dump()
        assert back.epsilon.hex() == cfg.epsilon.hex()


def test_points_decode_as_k_over_100_exactly():
    pts = [[k / 100, -k / 100, k % 6] for k in range(-32767, 32768, 97)]
    assert unpack_points(pack_points(pts)) == pts
    # 5 bytes a point, base64 4 chars per 3 bytes: 400 points fit in 2667 characters
    assert len(pack_points([[1.25, -3.5, 1]] * 400)) == 2667


def test_off_grid_or_far_points_are_refused_when_encoding():
    with pytest.raises(ValueError, match=r"points\[0\].*0.01 grid"):
        pack_points([[0.123, 0.0, 0]])
    with pytest.raises(ValueError, match="outside"):
        pack_points([[400.0, 0.0, 0]])


def test_a_tampered_url_keeps_the_good_fields_and_names_the_bad_ones():
    cfg, errors = decode(
        "v=1&learning_rate=50&optimizer=momentum&hidden=4,x&foo=1&points=abc&beta=%zz&noise=nan&seed=1.5"
    )
    fields = [f for f, _ in errors]
    assert fields == ["learning_rate", "hidden", "foo", "points", "beta", "noise", "seed"]
    assert dict(errors)["learning_rate"] == "must be at most 10"
    assert cfg.optimizer == "momentum"  # the good field survives
    d = ExperimentConfig()
    assert (cfg.learning_rate, cfg.hidden, cfg.points, cfg.beta, cfg.noise, cfg.seed) == (
        d.learning_rate,
        d.hidden,
        d.points,
        d.beta,
        d.noise,
        d.seed,
    )


def test_cross_field_rules_reset_only_the_later_field():
    cfg, errors = decode("v=1&hidden=3&activation=relu,relu&dev_ratio=0.6&test_ratio=0.5&classes=3")
    assert [f for f, _ in errors] == ["activation", "test_ratio"]
    assert (cfg.hidden, cfg.activation, cfg.dev_ratio, cfg.test_ratio, cfg.classes) == (
        [3],
        "tanh",
        0.6,
        0.0,
        3,
    )
    label5 = pack_points([[0.0, 0.0, 5]])
    cfg, errors = decode(f"v=1&dataset=custom&points={label5}")
    # without its points, custom data is invalid too: the dataset falls back to its default
    assert [f for f, _ in errors] == ["points", "dataset"] and cfg.points == [] and cfg.dataset == "circles"
    cfg, errors = decode("v=1&early_stopping=20&dev_ratio=0")
    assert [f for f, _ in errors] == ["early_stopping"] and cfg.early_stopping == 0


def test_other_versions_and_repeated_keys_are_reported():
    cfg, errors = decode("v=9&noise=0.2&noise=0.3")
    assert [f for f, _ in errors] == ["v", "noise"]
    assert cfg.noise == ExperimentConfig().noise
