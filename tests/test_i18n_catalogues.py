"""The two catalogues (shared/i18n/en.json, zh-CN.json): same keys, same {placeholders}, kept sorted; every
key the pages use exists; the Chinese text uses the course's term (shared/i18n/glossary.json) wherever the
English text uses the English one."""

from __future__ import annotations

import json
import re

import pytest

from playground.resources import FRONTEND, SHARED

I18N = SHARED / "i18n"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# t("key"...) / t('key') and the module alias tr("key") of plots/curves.js; template keys t(`prefix.${x}`)
CALL = re.compile(r"""\b(?:t|tr|tl)\(\s*(["'])([\w.\- ]+)\1""")
TEMPLATE = re.compile(r"""\b(?:t|tr|tl)\(\s*`([\w.\-]+)\$\{""")
ATTR = re.compile(r"""data-i18n(?:-title|-aria-label|-placeholder)?="([^"]+)\"""")


def load(code: str) -> dict[str, str]:
    return json.loads((I18N / f"{code}.json").read_text(encoding="utf-8"))


EN, ZH = load("en"), load("zh-CN")


def test_same_keys():
    assert sorted(set(EN) - set(ZH)) == [] and sorted(set(ZH) - set(EN)) == []


def test_same_placeholders():
    bad = {
        k: (EN[k], ZH[k]) for k in EN if set(PLACEHOLDER.findall(EN[k])) != set(PLACEHOLDER.findall(ZH[k]))
    }
    assert bad == {}


@pytest.mark.parametrize("code", ["en", "zh-CN"])
def test_catalogue_file_is_sorted_with_two_space_indent(code):
    text = (I18N / f"{code}.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert text == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert all(isinstance(v, str) and v.strip() for v in data.values())


def sources():
    return [*FRONTEND.rglob("*.js"), *FRONTEND.rglob("*.html")]


def test_every_key_used_by_the_pages_exists():
    used, prefixes = set(), set()
    for path in sources():
        text = path.read_text(encoding="utf-8")
        used |= {m[1] for m in CALL.findall(text)} | set(ATTR.findall(text))
        prefixes |= set(TEMPLATE.findall(text))
    assert len(used) > 200  # the scan finds the pages' keys (a broken pattern would find none)
    missing = sorted(k for k in used if k not in EN and not k.startswith("class."))
    assert missing == []
    # a template key t(`status.${x}`) needs at least one key under its prefix
    assert sorted(p for p in prefixes if not any(k.startswith(p) for k in EN)) == []


def test_zh_uses_the_glossary_terms():
    terms = [
        t for t in json.loads((I18N / "glossary.json").read_text(encoding="utf-8"))["terms"] if t["checked"]
    ]
    assert len(terms) >= 40
    bad = []
    for term in terms:
        pattern = re.compile(r"(?<![\w-])" + re.escape(term["en"]) + r"(?![\w-])", re.I)
        for key, en in EN.items():
            if pattern.search(PLACEHOLDER.sub("", en)) and term["zh"].lower() not in ZH[key].lower():
                bad.append((term["en"], term["zh"], key, ZH[key]))
    assert bad == []
