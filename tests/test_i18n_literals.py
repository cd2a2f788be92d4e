"""No user-visible text is left as a literal in the pages' HTML or JS: every text comes from the catalogues
(t(...) / data-i18n). The scan flags each string literal holding two words in a row and each HTML text node
with a word; what it may still find is a short reviewed allowlist below, each with the reason it is not
shown to a user as is."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from playground.resources import FRONTEND

STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`((?:[^`\\]|\\.)*)`', re.S)
TWO_WORDS = re.compile(r"[A-Za-z]{2,}[,:;.!?]? [A-Za-z]{2,}")
WORD = re.compile(r"[A-Za-z]{2,}")

# The codecs' English reasons are part of the URL/wire contract (backend/playground/urlcodec.py is their
# Python twin and tests/browser/test_playground_url.py compares the two word for word); the pages show them
# only through error-text.js, which renders each reason's shape from the catalogue.
CODEC_FILES = {
    "js/url/field-codec.js",
    "js/url/points-codec.js",
    "js/url-state.js",
    "js/race/url.js",
    "js/ewa/state.js",
    "js/tune/sweep-url.js",
    "js/data/csv.js",
    "js/controls/speed.js",  # parseSpeed's reason, rendered by controls-view.js through reasonText
    "js/controls/field.js",  # valueError's reasons, rendered through reasonText
    "js/tune/form.js",  # read()'s "name: reason", rendered through prefixedText
    "js/ewa/main.js",  # one reason in state.js's form, rendered by controls.showUrlErrors
}
# CSS classes and selectors, HTML/code templates, plotly/canvas settings: not prose.
NOT_PROSE = re.compile(
    r"^(?:[a-z-]+(?: [a-z-]+|\s?\$\{[^}]*\})*"  # class lists ("muted lesson-topic", "field field-${x}")
    r"|input, select, textarea, button, a, summary, (?:canvas, )?\[contenteditable\]"  # key handler's targets
    r"|\.[a-z-]+(?: [a-z-]+)?(?:, \.[a-z-]+(?: [a-z-]+)?)*"  # CSS selectors (".stats dd", ".toolbar button")
    r"|<.*"  # HTML templates of the race legend and curve titles (their words come from t())
    r"|.*px system-ui, sans-serif"  # canvas font
    r"|an integer|[\s\S]*import json[\s\S]*|from playground\.[\s\S]*)$"  # a parsed reason part; Python code
)
DEVELOPER = {
    # a boot failure naming a missing or stale build artifact: for whoever runs the server, not a student
    "js/schema.js": {"schema: no default for", "could not load the schema"},
    "js/tune/main.js": {"could not load"},
    # a thumbnail of the wrong size is a server bug (class.md fixes size*size bytes), not a text for a user
    "js/class/thumbnail.js": {"thumbnail: "},
}


def strip_comments(src: str) -> str:
    src = re.sub(r"/\*.*?\*/", "", src, flags=re.S)
    return "\n".join(re.sub(r"(^|\s)//\s.*$", "", line) for line in src.splitlines())


def flagged_literals() -> list[tuple[str, str]]:
    out = []
    for path in sorted(FRONTEND.rglob("*.js")):
        name = path.relative_to(FRONTEND).as_posix()
        if name in CODEC_FILES:
            continue
        for m in STRING.finditer(strip_comments(path.read_text(encoding="utf-8"))):
            text = next(g for g in m.groups() if g is not None)
            if not TWO_WORDS.search(re.sub(r"\$\{[^}]*\}", " ", text)) or NOT_PROSE.match(text):
                continue
            if any(text.startswith(p) for p in DEVELOPER.get(name, ())):
                continue
            out.append((name, text))
    return out


def test_no_prose_literal_in_the_js():
    assert flagged_literals() == []


def test_the_scan_finds_prose():
    """The scan itself: a literal sentence is flagged, a class list and a t() key are not."""
    src = 'el.textContent = "Press play to start"; el.className = "muted small"; t("run.play");'
    texts = [next(g for g in m.groups() if g is not None) for m in STRING.finditer(src)]
    hits = [s for s in texts if TWO_WORDS.search(s) and not NOT_PROSE.match(s)]
    assert hits == ["Press play to start"]


class TextNodes(HTMLParser):
    """Text nodes with a word, and whether an enclosing element carries data-i18n."""

    VOID = {"meta", "link", "input", "br", "img", "hr", "source"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append((tag, any(k == "data-i18n" for k, _ in attrs)))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if not WORD.search(data) or not self.stack:
            return
        if self.stack[-1][0] in ("script", "style") or any(i18n for _, i18n in self.stack):
            return
        self.found.append((self.stack[-1][0], data.strip()))


def test_no_untranslated_text_in_the_html():
    pages = sorted(FRONTEND.glob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        parser = TextNodes()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], page.name


def test_every_attribute_text_in_the_html_has_its_key():
    """title / aria-label / placeholder written in the HTML come with their data-i18n-* twin."""
    for page in sorted(FRONTEND.glob("*.html")):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<[a-z][^>]*>", html):
            for attr in ("title", "aria-label", "placeholder"):
                if re.search(rf'\s{attr}="[^"]*[A-Za-z]{{2,}}', tag):
                    assert f"data-i18n-{attr}=" in tag, (page.name, tag)
