"""Rooms' pure parts: codes and tokens, names, connection states, changed fields, CSV, thumbnails."""

from __future__ import annotations

import base64
import csv
import io
import math

import numpy as np
from room_client import TF_TASK

from playground.config import ExperimentConfig
from playground.engine.trainer import Trainer
from playground.rooms import codes, results
from playground.rooms.model import Room, clean_name, name_key
from playground.rooms.report import thumbnail


def test_codes_are_long_enough_and_unambiguous():
    assert len(codes.ALPHABET) == 32 and len(set(codes.ALPHABET)) == 32
    assert not set("0O1I") & set(codes.ALPHABET)
    assert codes.CODE_LENGTH * math.log2(len(codes.ALPHABET)) >= 30
    many = {codes.new_code() for _ in range(2000)}
    assert len(many) == 2000 and all(len(c) == 8 and set(c) <= set(codes.ALPHABET) for c in many)
    counts = np.array([sum(c.count(a) for c in many) for a in codes.ALPHABET])
    assert counts.min() > 0.6 * counts.mean()  # every letter used about equally (16000 draws)


def test_typed_codes_are_normalised_or_refused():
    assert codes.normal_code("abcd-2345") == "ABCD2345"
    assert codes.normal_code(" ABCD 2345 ") == "ABCD2345"
    for bad in ("ABCD234", "ABCD23450", "ABCD0345", "ABCDI345", 12345678, None, "A" * 100):
        assert codes.normal_code(bad) is None


def test_tokens_are_kept_as_hashes_and_compared_whole():
    token = codes.new_token()
    stored = codes.token_hash(token)
    assert token not in stored and len(token) >= 32
    assert codes.token_matches(token, stored)
    assert not codes.token_matches(token[:-1], stored)
    assert not codes.token_matches(None, stored) and not codes.token_matches(token, None)


def test_names_are_trimmed_bounded_and_compared_ignoring_case():
    assert clean_name("  Ann   Lee ") == "Ann Lee"
    assert clean_name("x" * 24) == "x" * 24
    for bad in ("", "   ", "x" * 25, "a\x00b", "a\u200bb", 7, None):
        assert clean_name(bad) is None
    assert name_key("ANN") == name_key("ann") == name_key("Ann")
    assert clean_name("<b>Ann</b>") == "<b>Ann</b>"  # kept as text: pages never render it as HTML


def test_connection_states_follow_the_last_report():
    now = 1000.0
    assert results.connected(None, now) == "offline"
    assert results.connected({"attached": True, "updated": now - 1}, now) == "online"
    assert results.connected({"attached": True, "updated": now - 6}, now) == "reconnecting"  # its worker died
    assert results.connected({"attached": False, "updated": now - 1}, now) == "reconnecting"  # socket closed
    assert results.connected({"attached": False, "updated": now - 61}, now) == "offline"
    assert results.connected({"attached": True, "updated": now, "left": True}, now) == "offline"


def room(**kw) -> Room:
    cfg = ExperimentConfig(**TF_TASK).model_dump(mode="json")
    return Room(code="ABCD2345", experiment=cfg, teacher_hash=codes.token_hash("t"), **kw)


def test_results_name_the_changed_fields_and_csv_guards_formulas():
    r = room(anonymize=True)
    mine = {**r.experiment, "learning_rate": 0.3, "hidden": [8]}
    live = {"config": mine, "epoch": 4, "train_accuracy": 0.9, "dev_accuracy": 0.8, "updated": 1e9}
    row = results.result(r, {"name": "@Bob", "number": 7}, live, 1e9)
    assert row["changed"] == {"hidden": [8], "learning_rate": 0.3}
    assert row["label"] == "Student 7" and row["connected"] == "reconnecting"  # recent, not attached
    assert row["bias"] == 1 - 0.9 and row["variance"] == (1 - 0.8) - (1 - 0.9)
    assert "learning_rate=0.3" in row["url"] and "hidden=8" in row["url"]
    parsed = list(csv.DictReader(io.StringIO(results.to_csv([row]))))
    assert parsed[0]["name"] == "'@Bob" and parsed[0]["changed"] == "hidden=[8]; learning_rate=0.3"
    assert parsed[0]["label"] == "Student 7"


def test_thumbnails_quantise_the_boundary():
    tr = Trainer(ExperimentConfig(**TF_TASK))
    tr.train_steps(30)
    thumb = thumbnail(tr)
    _, _, probs = tr.boundary_grid(24)
    grid = np.frombuffer(base64.b64decode(thumb["data"]), np.uint8).reshape(24, 24)
    assert np.abs(grid / 255.0 - np.asarray(probs)[..., 1]).max() <= 0.5 / 255 + 1e-6
    three = Trainer(ExperimentConfig(dataset="blobs", classes=3, hidden=[6]))
    three.train_steps(30)
    thumb3 = thumbnail(three)
    grid3 = np.frombuffer(base64.b64decode(thumb3["data"]), np.uint8).reshape(24, 24)
    assert thumb3["classes"] == 3
    assert np.array_equal(grid3, np.asarray(three.boundary_grid(24)[2]).argmax(axis=-1))
