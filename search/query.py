"""Query understanding, before any backend: words, synonyms, and corrections to try.

`parse` turns what the shopper typed into a Query: folded words (search.text)
grouped with their synonyms. A group is one or more query words; its
alternatives are the phrases that may stand for it (the typed words first).
A product matches a query when it matches some alternative of every group.

`corrections` proposes other readings of the same keystrokes when the typed
one finds nothing or little (search.service decides): the Ukrainian keyboard
layout for Latin text ("rhjcsdrb" -> "кросівки"), the Latin layout for
Cyrillic text ("тшлу" -> "nike"), and transliteration ("krosivky" ->
"кросівки"). Each carries what it changed, for "Showing results for ...".
"""

from dataclasses import dataclass, field, replace

from search import text as texts
from search.convert import latin_to_ukrainian_layout, transliterations, ukrainian_to_latin_layout
from search.vocabulary import EXACT, synonyms, vocabulary

LAYOUT = "layout"
TRANSLIT = "translit"


@dataclass(frozen=True)
class Group:
    words: tuple  # the query words it covers
    alternatives: tuple  # phrases (tuples of words), the typed words first
    prefix: bool = False  # the query's last word: also catalog words it begins


@dataclass(frozen=True)
class Correction:
    kind: str  # LAYOUT or TRANSLIT
    text: str  # what the results are shown for
    original: str  # what the shopper typed


@dataclass(frozen=True)
class Query:
    text: str  # cleaned, as typed (for display and the search box)
    words: tuple  # folded words, stop words dropped
    groups: tuple = field(default_factory=tuple)
    correction: Correction | None = None

    @property
    def normalised(self) -> str:
        """The typed text in lower case, single-spaced (the log's key; what Meilisearch is sent)."""
        return texts.plain(self.text)

    @property
    def searchable(self) -> bool:
        """Worth a search: some word, and more than one character in all."""
        return bool(self.words) and len(" ".join(self.words)) >= 2

    def coverage(self, vocab=None) -> int:
        """How many groups the catalog knows a word for (typos, prefixes and synonyms included)."""
        vocab = vocab or vocabulary()
        return sum(1 for g in self.groups if _group_quality(g, vocab) > 0)


def parse(raw, *, prefix=None) -> Query:
    """`prefix`: match the last word as a beginning too; by default unless the text ends in a space."""
    cleaned = texts.clean(raw)
    words = tuple(texts.query_words(cleaned))
    if prefix is None:
        prefix = not str(raw or "").endswith((" ", "\t"))
    return Query(cleaned, words, _groups(words, prefix))


def _groups(words, prefix):
    table, vocab = synonyms(), vocabulary()
    groups, i = [], 0
    while i < len(words):
        for size in range(min(table.longest, len(words) - i), 0, -1):
            phrase = tuple(words[i:i + size])
            others = table.of(phrase)
            if not others and size == 1 and phrase[0] not in vocab:  # a misspelt synonym ("sneekers")
                others = [t for t in table.near(phrase[0]) if t != phrase]
            if others or size == 1:
                groups.append(Group(phrase, (phrase, *others)))
                i += size
                break
    if groups and prefix and len(groups[-1].words) == 1:
        groups[-1] = replace(groups[-1], prefix=True)
    return tuple(groups)


def _group_quality(group, vocab):
    """The typed words may match with typos or as a prefix; synonyms only as they are."""
    typed, *others = group.alternatives
    best = min(vocab.best_quality(w, group.prefix) for w in typed)
    if any(all(w in vocab for w in other) for other in others):
        best = max(best, EXACT)
    return best


def corrections(query: Query) -> list[Query]:
    """Other readings of the query's keystrokes, the likeliest first; none that add nothing."""
    if not query.searchable:
        return []
    vocab = vocabulary()
    prefix = bool(query.groups and query.groups[-1].prefix)
    found = []
    if texts.has_latin(query.text):
        found.append(_reread(query, latin_to_ukrainian_layout(query.text), LAYOUT, prefix))
        translit = _transliterate(query, vocab)
        if translit:
            found.append(_reread(query, translit, TRANSLIT, prefix))
    if texts.has_cyrillic(query.text):
        found.append(_reread(query, ukrainian_to_latin_layout(query.text), LAYOUT, prefix))
    seen = {query.words}
    unique = [q for q in found if q.words and not (q.words in seen or seen.add(q.words))]
    # Try the reading the catalog knows best first; a reading that knows no more words is no help.
    scored = [(q.coverage(vocab), n, q) for n, q in enumerate(unique)]
    floor = query.coverage(vocab)
    return [q for coverage, _, q in sorted(scored, key=lambda s: (-s[0], s[1])) if coverage > floor]


def _reread(query, new_text, kind, prefix):
    reread = parse(new_text, prefix=prefix)
    return replace(reread, correction=Correction(kind, reread.text, query.text))


def _transliterate(query, vocab):
    """The query with each Latin word replaced by its reading the catalog knows best."""
    table = synonyms()
    out, changed = [], False
    for word in texts.words(query.text):
        if not texts.has_latin(word) or word.isdigit():
            out.append(word)
            continue
        readings = transliterations(word)
        best = max(readings, key=lambda r: (_reading_score(r, vocab, table), -readings.index(r)))
        out.append(best)
        changed = True
    return " ".join(out) if changed else None


def _reading_score(reading, vocab, table):
    """Known word > synonym of a known word > typo or prefix of a known word; frequent words first."""
    reading = texts.fold(reading)
    if reading in vocab:
        return (3, vocab.documents(reading))
    if table.of((reading,)):
        return (2, 0)
    matches = vocab.matches(reading, prefix=True)
    if matches:
        return (1, matches[0].quality)
    return (0, 0)
