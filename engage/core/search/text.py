"""Text preparation for search: CJK characters as tokens, query terms, highlighting.

Chinese is written without spaces, and one- and two-character queries (火,
消防) are the common ones, which a trigram index cannot serve. So the text is
indexed with every CJK character as its own token and, before those, every pair
of adjacent CJK characters of a run as a token too:
'干粉灭火器' is indexed as '干粉 粉灭 灭火 火器 干 粉 灭 火 器'.

A query's CJK run of one character is searched as that token; a run of two or
more as the phrase of its overlapping bigrams (灭火器 -> "灭火 火器"), which
matches exactly the texts holding those characters consecutively: 灭火器 finds
干粉灭火器 but 灭火车 does not. Bigrams keep phrases of common characters cheap:
a bigram is far rarer than either of its characters, and PostgreSQL's GIN index,
which keeps no positions, finds candidates by the bigrams, not by characters
found in nearly every document.

Traditional characters are folded to simplified ones on both sides (滅火器 finds
灭火器 and the other way round), one character for one, so highlight positions
in the stored text stay right.

Latin words are left to the engine's stemming tokenizer (Porter on SQLite,
Snowball English on PostgreSQL), so `extinguishers` finds `extinguisher`.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup

# Longest query searched; anything longer is cut (and the page says so).
MAX_QUERY_LENGTH = 200
# Most terms (words and CJK runs) searched; later ones are ignored.
MAX_TERMS = 12
# Longest text indexed per field, so one huge document cannot bloat the index.
MAX_INDEXED_CHARS = 100_000

# Scripts written without spaces between words: Han (with its extensions and
# compatibility block), kana, bopomofo and Hangul syllables, plus 々〆〇.
CJK_CHARS = (
    "\u3005-\u3007\u3040-\u309f\u30a0-\u30ff\u3100-\u312f\u31a0-\u31bf\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0002fa1f\U00030000-\U0003134f"
)
_CJK_CHAR = re.compile(f"[{CJK_CHARS}]")
# A query term: a run of CJK characters, or a word of letters and digits.
_TERM = re.compile(f"(?P<cjk>[{CJK_CHARS}]+)|(?P<word>(?:(?![{CJK_CHARS}])[^\\W_])+)")
_SPACES = re.compile(r"\s+")
# Whitespace that display collapses: runs, and any whitespace but a plain space.
_LOOSE_SPACES = re.compile(r"\s{2,}|[^\S ]")


@lru_cache(maxsize=1)
def _folding_table() -> dict[int, str]:
    """Traditional -> simplified, character for character (OpenCC's t2s tables)."""
    import opencc

    chars = [chr(c) for c in range(0x3400, 0x4DC0)] + [chr(c) for c in range(0x4E00, 0xA000)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # never seen; stay correct if it happens
        converted = [opencc.OpenCC("t2s").convert(ch) for ch in chars]
    return {ord(a): b for a, b in zip(chars, converted, strict=True) if len(b) == 1 and b != a}


def fold(text: str) -> str:
    """Traditional Chinese characters as simplified ones; same length as `text`."""
    return text.translate(_folding_table())


def is_cjk(ch: str) -> bool:
    return bool(_CJK_CHAR.match(ch))


_CJK_RUN = re.compile(f"[{CJK_CHARS}]{{2,}}")
# PostgreSQL's parser reads "-2026" as a signed number, so "P-2026-00042" would
# not hold the word 2026 that a query of it searches for; the hyphen goes.
_MINUS = re.compile(r"-(?=\d)")


def prepare(text: str | None) -> str:
    """The text as the engines index it: NFKC-normalised; the bigrams of each CJK
    run, then the text with each CJK character spaced out.

    '干粉灭火器 PPE' becomes '干粉 粉灭 灭火 火器 干 粉 灭 火 器 PPE'. Bigrams come
    first because PostgreSQL's positions stop at 16383 and only theirs matter
    (for phrases); a phrase of bigrams can never match the single characters.
    """
    if not text:
        return ""
    text = _MINUS.sub(" ", fold(unicodedata.normalize("NFKC", text[:MAX_INDEXED_CHARS])))
    spaced = _SPACES.sub(" ", _CJK_CHAR.sub(lambda m: f" {m.group(0)} ", text)).strip()
    pairs = " ".join(
        " ".join(run[i : i + 2] for i in range(len(run) - 1)) for run in _CJK_RUN.findall(text)
    )
    return f"{pairs} {spaced}" if pairs else spaced


def clean_query(raw: object) -> tuple[str, bool]:
    """The query as typed, without control, format and bidi characters, cut to
    MAX_QUERY_LENGTH; and whether it was cut."""
    if not isinstance(raw, str):
        return "", False
    text = "".join(
        " " if ch in "\n\r\t" else ch
        for ch in raw
        if ch in "\n\r\t" or unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"}
    )
    text = _SPACES.sub(" ", text).strip()
    if len(text) > MAX_QUERY_LENGTH:
        return text[:MAX_QUERY_LENGTH].rstrip(), True
    return text, False


@dataclass(frozen=True)
class Term:
    """One query term: a CJK run (searched as a phrase of characters) or a word.

    `words` holds a CJK run's dictionary words when it has several (灭火器使用 ->
    灭火器, 使用): a text holding all of them, not next to each other, is found
    too, ranked below the texts holding the run itself."""

    text: str
    cjk: bool
    words: tuple[str, ...] = ()

    @property
    def prepared(self) -> str:
        """The term as the engines search it (as a phrase): a CJK run of two or
        more characters as its overlapping bigrams (灭火器 -> '灭火 火器')."""
        return _prepared(self.text, self.cjk)

    @property
    def prepared_words(self) -> tuple[str, ...]:
        """Each of `words` as the engines search it (each a phrase)."""
        return tuple(_prepared(word, True) for word in self.words)


def _prepared(text: str, cjk: bool) -> str:
    if not cjk or len(text) == 1:
        return text
    return " ".join(text[i : i + 2] for i in range(len(text) - 1))


# Runs this long or longer are split into words; a two-character run is one
# word, or two characters nobody searches for apart.
MIN_SEGMENTED = 3


_SEGMENTER_LOCK = threading.Lock()
_tokenizer = None


def _segmenter():
    """jieba's dictionary segmenter, loaded once per process (about a second: a 5 MB
    dictionary): by warm_up() when a gunicorn worker starts, else on the first query
    that needs it. Threads asking while it loads wait for that one load."""
    global _tokenizer
    if _tokenizer is None:
        with _SEGMENTER_LOCK:
            if _tokenizer is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                _tokenizer = tokenizer
    return _tokenizer


def warm_up() -> None:
    """Load the segmenter now (gunicorn.conf.py calls it in each new worker, in the
    background), so that no reader's first search of three Chinese characters waits
    for the dictionary."""
    _segmenter()


def segment(run: str) -> tuple[str, ...]:
    """The dictionary words of a CJK run, when it has two or more (else ()).

    One-character words (的, 了, 和) are left out: they say little apart, and
    one found in nearly every text would make the search read nearly every
    text. `灭火器的使用` -> (灭火器, 使用); `规范了的队` -> () (one word left)."""
    if len(run) < MIN_SEGMENTED:
        return ()
    words: list[str] = []
    for word in _segmenter().lcut(run):
        if len(word) > 1 and word not in words and all(is_cjk(ch) for ch in word):
            words.append(word)
    return tuple(words) if len(words) > 1 else ()


def has_words(terms: list[Term]) -> bool:
    return any(t.words for t in terms)


def parse_query(text: str) -> list[Term]:
    """The terms of a cleaned query; every term must match (AND).

    Only letters, digits and CJK characters survive: quotes, FTS operators,
    `%`, `_` and emoji are separators, so nothing a user types is ever read as
    query syntax. NEAR, AND, OR and NOT are searched as the words they are.
    """
    normal = fold(unicodedata.normalize("NFKC", text).casefold())
    terms: list[Term] = []
    seen: set[str] = set()
    for match in _TERM.finditer(normal):
        value = match.group(0)
        if value in seen:
            continue
        seen.add(value)
        cjk = match.group("cjk") is not None
        terms.append(Term(value, cjk=cjk, words=segment(value) if cjk else ()))
        if len(terms) == MAX_TERMS:
            break
    return terms


_SUFFIXES = (
    "ational",
    "ization",
    "ations",
    "ation",
    "ments",
    "ment",
    "ness",
    "ings",
    "ing",
    "ions",
    "ion",
    "ers",
    "er",
    "edly",
    "ed",
    "ies",
    "es",
    "s",
    "ly",
)


@lru_cache(maxsize=8192)
def light_stem(word: str) -> str:
    """A rough English stem, used only to decide what to highlight.

    The engines match with Porter/Snowball; this is close enough that the words
    they matched are marked (extinguishers, extinguisher -> extinguish).
    """
    w = word.casefold()
    if len(w) <= 3:
        return w
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]
    return w


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """Simplified character -> itself and the traditional characters that fold to it."""
    variants: dict[str, str] = {}
    for traditional, simplified in _folding_table().items():
        variants[simplified] = variants.get(simplified, simplified) + chr(traditional)
    return variants


def _char_pattern(ch: str, variants: dict[str, str]) -> str:
    """A pattern for one (simplified) query character that also matches its
    traditional forms, so that the text itself need not be folded."""
    forms = variants.get(ch)
    return f"[{re.escape(forms)}]" if forms else re.escape(ch)


# The rest of a word written with spaces: letters and digits, not CJK.
_WORD_REST = re.compile(f"[^\\W_{CJK_CHARS}]*")


def _word_end(text: str, pos: int) -> int:
    """Where the word going on at `pos` ends (`pos` itself when none does)."""
    match = _WORD_REST.match(text, pos)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def _latin(ch: str) -> bool:
    # Every CJK character is at U+3005 or above: most text never needs the pattern.
    return ch.isalnum() and (ch < "\u3005" or not _CJK_CHAR.match(ch))


class Highlighter:
    """Marks what a query's terms match in result texts; built once per query.

    CJK phrases are found in either script (a pattern of each character and its
    traditional forms), so the text itself is never folded; Latin words by a
    plain search for the stems' beginnings, then the whole words around them.
    """

    # How far around a snippet's window matches are looked for.
    EDGE = 24

    def __init__(self, terms: list[Term] | tuple[Term, ...]):
        phrases = sorted(
            {t.text for t in terms if t.cjk} | {w for t in terms for w in t.words},
            key=len,
            reverse=True,
        )
        self.cjk = None
        if phrases:
            variants = _variants()
            self.cjk = re.compile(
                "|".join(r"\s*".join(_char_pattern(ch, variants) for ch in p) for p in phrases)
            )
        self.stems = frozenset(light_stem(t.text) for t in terms if not t.cjk)
        self.latin = None
        if self.stems:
            # Words that start like a stem (less its last letter, which
            # stemming may change); their own stems are compared below.
            starts = "|".join(
                re.escape(s[: max(len(s) - 1, 1)])
                for s in sorted(self.stems, key=len, reverse=True)
            )
            # Searched in the lower-cased text, four times faster than a
            # case-insensitive pattern; that one serves when lower-casing
            # changes the text's length (and so its positions).
            self.latin = re.compile(starts)
            self.latin_any_case = re.compile(starts, re.IGNORECASE)

    def _words(self, text: str):
        """(start, end) of each whole Latin word of `text` whose stem is a term's."""
        assert self.latin is not None  # callers ask only when there are Latin terms
        stems = self.stems
        lower = text.lower()
        if len(lower) == len(text):
            found = self.latin.finditer(lower)
        else:
            found = self.latin_any_case.finditer(text)
        for m in found:
            begin = m.start()
            if begin and _latin(text[begin - 1]):
                continue
            end = _word_end(text, m.end())
            word = text[begin:end]
            if (
                light_stem(word) in stems
                or light_stem(unicodedata.normalize("NFKC", word)) in stems
            ):
                yield begin, end

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Sorted, non-overlapping (start, end) spans of `text` that the terms match."""
        if not text:
            return []
        spans: list[tuple[int, int]] = []
        if self.cjk is not None:
            spans.extend(m.span() for m in self.cjk.finditer(text))
        if self.latin is not None:
            spans.extend(self._words(text))
        if len(spans) < 2:
            return spans
        spans.sort()
        merged = [spans[0]]
        for start, end in spans[1:]:
            if start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def first(self, text: str) -> int | None:
        """Where the terms first match in `text`, without finding every match."""
        found = []
        if self.cjk is not None and (m := self.cjk.search(text)):
            found.append(m.start())
        if self.latin is not None and (word := next(self._words(text), None)):
            found.append(word[0])
        return min(found) if found else None

    def highlight(self, text: str | None) -> Markup:
        """All of `text` (as stored: spaces collapsed), escaped, with <mark>
        around what the terms match."""
        text = text or ""
        return Markup(_marked(text, self.spans(text)))  # noqa: S704 (escaped in _marked)

    def snippet(self, text: str | None, width: int = 120) -> Markup:
        """About `width` characters of `text` (as stored: spaces collapsed)
        around its first match, escaped, with <mark>s."""
        text = text or ""
        if not text:
            return Markup("")
        # A text of a few windows is searched once; a longer one for its first
        # match, then again only around the window.
        if len(text) <= 6 * width:
            every = self.spans(text)
            first = every[0][0] if every else 0
        else:
            every = None
            first = self.first(text) or 0
        # Start at the beginning when the first match is near it, else a little before it.
        start = 0 if first < width // 2 else first - width // 4
        end = min(start + width, len(text))
        start = max(min(start, end - width), 0)
        # Start and end at word boundaries when a cut falls inside a Latin word.
        if start > 0 and _latin(text[start - 1]):
            start = min(_word_end(text, start) + 1, first)
        if end < len(text) and _latin(text[end]):
            cut = end
            while cut > start and _latin(text[cut - 1]):
                cut -= 1
            if cut > start + width // 2:
                end = cut
        # Every match in the window and a little around it (for matches that
        # cross its edges), not in the whole text, which may be long.
        if every is not None:
            spans = every
        else:
            around = max(start - self.EDGE, 0)
            spans = [
                (a + around, b + around) for a, b in self.spans(text[around : end + self.EDGE])
            ]
        body = _marked(text[start:end], spans, offset=start)
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        return Markup(f"{prefix}{body}{suffix}")  # noqa: S704 (escaped in _marked)


def _marked(text: str, spans: list[tuple[int, int]], offset: int = 0) -> str:
    """`text` escaped (as plain strings, made Markup once by the caller), with
    <mark> around the spans, which are positions in a text `offset` earlier."""
    out: list[str] = []
    pos = 0
    for start, end in spans:
        start, end = max(start - offset, 0), min(end - offset, len(text))
        if end <= pos or start >= len(text):
            continue
        start = max(start, pos)
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def collapse_spaces(text: str) -> str:
    """Runs of whitespace, and line breaks and tabs, as one space: how a snippet shows
    text. The index stores text this way, so searches need not do it again."""
    return _LOOSE_SPACES.sub(" ", text).strip()
