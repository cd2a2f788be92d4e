"""The class pages' texts: every class.* key the pages use is in both catalogues (shared/i18n/en.json and
zh-CN.json), the two catalogues have the same class.* keys, and the files stay sorted with 2-space indents."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FRONTEND = ROOT / "frontend"
CATALOGUES = {lang: ROOT / "shared" / "i18n" / f"{lang}.json" for lang in ("en", "zh-CN")}
# keys built at run time: t(`class.error.${code}`) for the error codes of shared/protocol/class.md the
# pages explain, t(`class.connected.${state}`) for the results' `connected`, t(`class.y.${metric}`)
ERRORS = ("unknown_room", "name_taken", "room_full", "invalid_name", "rate_limited", "already_joined")
DYNAMIC = (
    [f"class.error.{c}" for c in (*ERRORS, "rooms_unavailable", "room_paused", "replaced", "no_join")]
    + [f"class.connected.{s}" for s in ("online", "reconnecting", "offline")]
    + [f"class.y.{m}" for m in ("dev_error", "train_error", "bias", "variance")]
)
USE = re.compile(r"""(?:\bt\(|data-i18n(?:-[a-z-]+)?=)["'](class\.[A-Za-z0-9_.]+)["']""")


def used_keys() -> set[str]:
    files = [*FRONTEND.glob("*.html"), *FRONTEND.glob("js/**/*.js")]
    return {m.group(1) for f in files for m in USE.finditer(f.read_text(encoding="utf-8"))}


def catalogue(lang: str) -> dict[str, str]:
    return json.loads(CATALOGUES[lang].read_text(encoding="utf-8"))


def test_every_class_key_the_pages_use_is_in_both_catalogues():
    used = used_keys() | set(DYNAMIC)
    assert len(used) > 80  # the scan found the pages' keys (a broken pattern would find none)
    for lang in CATALOGUES:
        missing = sorted(k for k in used if k not in catalogue(lang))
        assert not missing, (lang, missing)


def test_both_catalogues_have_the_same_class_keys_all_translated():
    en, zh = ({k: v for k, v in catalogue(lang).items() if k.startswith("class.")} for lang in CATALOGUES)
    assert en.keys() == zh.keys()
    assert all(v.strip() for v in [*en.values(), *zh.values()])
    # placeholders match: a translation that drops {name} would show the name nowhere
    for key, text in en.items():
        assert set(re.findall(r"\{\w+\}", text)) == set(re.findall(r"\{\w+\}", zh[key])), key


def test_catalogue_files_are_sorted_with_two_space_indents():
    for path in CATALOGUES.values():
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        assert text == json.dumps(dict(sorted(data.items())), ensure_ascii=False, indent=2) + "\n", path.name
