"""The Chinese-page check shared by the zh-CN browser tests (test_i18n_zh.py, test_class_zh.py): no visible
text node holding an English word outside a short reviewed allowlist."""

from __future__ import annotations

import re

# Reviewed: the notes write these in Latin letters (Adam, RMSprop, dropout, inverted dropout, mini-batch,
# Batch 归一化, Softmax, early stopping, keep-prob, Momentum, Xavier/He, ReLU/tanh/sigmoid, TensorFlow,
# backprop, bug), file formats, key names on the keyboard, proper names (the surfaces', NOAA, Python), URL,
# and math names (exp, log, ln, sin, sqrt, max, min, std, dW).
ALLOWED = {
    "adam", "rmsprop", "momentum", "dropout", "inverted", "mini-batch", "batch", "softmax", "early",
    "stopping", "keep-prob", "xavier", "he", "relu", "leaky", "tanh", "sigmoid", "tensorflow", "xor", "csv",
    "png", "json", "l2", "nan", "shift", "ctrl", "delete", "exp", "log", "sin", "max", "min", "std", "sqrt",
    "rosenbrock", "beale", "himmelblau", "bug", "backprop", "prob", "dw", "noaa", "url", "ln", "python",
}  # fmt: skip
WORD = re.compile(r"(?<!\w)[A-Za-z][A-Za-z0-9_^'-]*")  # not inside an identifier such as dθ_approx

# Visible text nodes and the options of visible menus (not inside a hidden element, nor inside an element
# marked with another language, such as the header's "English" option), with their tag for the message.
VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim();
    const el = n.parentElement;
    if (!text || !el || el.closest("script, style, noscript")) continue;
    const other = el.closest("[lang]");
    if (other && other.lang !== "zh-CN") continue;
    if (el.closest("svg") ? !el.closest("svg").checkVisibility() : !el.checkVisibility()) continue;
    out.push([el.tagName.toLowerCase(), text]);
  }
  // a menu's options show when it opens: every option of a visible select counts
  for (const sel of document.querySelectorAll("select")) {
    if (!sel.checkVisibility()) continue;
    for (const o of sel.options) if (!o.lang || o.lang === "zh-CN") out.push(["option", o.text]);
  }
  return out;
}"""


# A web address shown as such (the class's join URL: "192.168.1.20:8000/join", "?code=AB3K7MXQ"): its path
# and query are names, not prose. Only host[:port]/path and a bare ?key=value query count.
ADDRESS = re.compile(
    r"(?:https?://)?(?:\d{1,3}(?:\.\d{1,3}){3}|localhost|[\w-]+(?:\.[\w-]+)+)(?::\d+)?/\S*|^\?[\w=&%-]+$"
)


def english_words(text: str, names: frozenset = frozenset()) -> list[str]:
    """Latin-letter words that are neither allowed names nor symbols (single letters, x1, n_prev, log10),
    nor one of `names` (data the page shows as it is, such as a room's join code)."""
    words = []
    for w in WORD.findall(ADDRESS.sub(" ", text)):
        if len(w) == 1 or re.search(r"[\d_^]", w) or w.lower() in ALLOWED or w in names:
            continue
        words.append(w)
    return words


def assert_chinese(page, min_nodes: int = 20, names: tuple[str, ...] = ()) -> None:
    """`min_nodes`: text nodes the walk must see at least (it sees the page, not an empty shell); `names`:
    data shown as it is (a join code is 8 of 32 characters, letters only one time in ten: "JDPKWMJV")."""
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    nodes = page.evaluate(VISIBLE_TEXT)
    assert len(nodes) > min_nodes
    bad = [(tag, text) for tag, text in nodes if english_words(text, frozenset(names))]
    assert bad == [], "\n".join(f"{tag}: {text}" for tag, text in bad)
