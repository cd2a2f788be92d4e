"""`lang` in an experiment URL is the page's language, not an experiment field: decoding ignores it (no
warning, same config), in the Python twin of url-state.js as in the page."""

from __future__ import annotations

from playground.urlcodec import NON_FIELDS, decode


def test_lang_is_not_an_experiment_field():
    assert "lang" in NON_FIELDS
    for lang in ("zh-CN", "en", "xx"):  # any value: an unknown language falls back in the page, not here
        assert decode(f"v=1&l2=0.3&lang={lang}") == decode("v=1&l2=0.3")
        assert decode(f"v=1&l2=0.3&lang={lang}")[1] == []
