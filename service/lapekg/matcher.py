"""Matching names to labels in Finnish, Swedish and English: one matcher for /search and
for reconciliation.

A label is cut into words after folding (case, accents and punctuation, :func:`fold`).
Each word is known by its *forms*: the folded word, its lemma (simplemma, in the label's
language) and its Snowball stem (PyStemmer). A query's language is not known, so a query
word gets its forms in every language of :data:`LANGUAGES`. A query word matches a label
word, best first:

========  =============================================================  =====
exact     the folded words are equal                                     1.0
base      the label word is a form of the query word: its lemma or stem   0.9
          (vanhemmuusvalmennusta → vanhemmuusvalmennus; Hangossa → hanko)
form      they share a form (kouluterveyskyselyä ~ kouluterveyskyselyn;  0.85
          kommun ~ kommunerna)
prefix    the label word starts with the query word (≥ 3 letters)        0.8
part      a form of the query word (≥ 4 letters) is inside the label     0.6
          word or its lemma: Finnish compounds ("keskus" in "perhekeskus")
typo      Levenshtein distance ≤ 1 (words of ≥ 4 letters) or ≤ 2 (≥ 8)    0.5
          between a form of each (rapidfuzz)
========  =============================================================  =====

A label matches when every query word matches one of its words. Its score is the mean
of the words' scores, scaled by how much of the label the query covers; its *rank* says
how it matched: 0 the whole label is the query (word for word, each exact or the
query word's base form: "Porvoossa" is Porvoo), 1 the label starts with the query (so
"Porvoossa Lapen aikana …" comes after Porvoo), 2 every word matched exactly, by form or
as a prefix, 3 some word only as a part or with a typo. Hits sort by rank, then score,
then the shorter label.

The lemma dictionaries are loaded on first use, once per process, from simplemma's
low-memory backend (about 75 MB and 1.5 s for the three languages).

simplemma's compound decomposition errs now and then (it reads "perhekeskusmalli" as
"perhekeskus"); a match through the *label's* lemma therefore never makes a label a whole
or leading match (ranks 0 and 1) by itself: only the query word's own forms do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

import simplemma
import Stemmer
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from simplemma.strategies import DefaultStrategy

#: The languages whose lemmas and stems are known (the sources' and the interface's).
LANGUAGES = ("fi", "sv", "en")
SNOWBALL = {"fi": "finnish", "sv": "swedish", "en": "english"}
#: Labels without a language tag are read as Finnish, the sources' main language.
DEFAULT_LANGUAGE = "fi"

EXACT, BASE, FORM, PREFIX, PART, TYPO = 1.0, 0.9, 0.85, 0.8, 0.6, 0.5
MIN_PREFIX, MIN_PART, MIN_TYPO, MIN_TYPO2 = 3, 4, 4, 8

#: Folded letter ← the characters folded into it (lower case; applied after lower-casing).
FOLDS: dict[str, str] = {
    "a": "àáâãäåāą", "c": "çčć", "e": "èéêëēę", "i": "ìíîïī", "n": "ñń", "o": "òóôõöøō",
    "s": "šś", "u": "ùúûüū", "y": "ýÿ", "z": "žźż",
}
_TABLE = str.maketrans({c: target for target, chars in FOLDS.items() for c in chars})
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation as spaces, single-spaced, padded with spaces."""
    return " " + " ".join(words(text)) + " "


def words(text: str) -> list[str]:
    """The folded words of ``text`` (letters and digits; everything else separates)."""
    folded = unicodedata.normalize("NFC", text).lower().translate(_TABLE)
    return _WORD.findall(folded.replace("_", " "))


@cache
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(SNOWBALL[lang])


@cache
def _lemmatizer() -> simplemma.Lemmatizer:
    return simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(low_memory=True))


@lru_cache(maxsize=200_000)
def _lemma(word: str, lang: str) -> str:
    # simplemma looks the word up in its dictionary, then decomposes compounds and
    # affixes, and keeps the word when it knows nothing better; lemmas fold like words.
    lemma = _lemmatizer().lemmatize(word, lang=lang).lower().translate(_TABLE)
    return lemma if _WORD.fullmatch(lemma) else word


@lru_cache(maxsize=200_000)
def forms(word: str, lang: str) -> frozenset[str]:
    """A folded word's forms in ``lang``: itself, its lemma and its stem."""
    return frozenset((word, _lemma(word, lang), _stemmer(lang).stemWord(word)))


@lru_cache(maxsize=4096)
def query_forms(word: str) -> frozenset[str]:
    """A query word's forms in every language it might be in."""
    return frozenset().union(*(forms(word, lang) for lang in LANGUAGES))


@dataclass
class Label:
    """One label of one entity, as indexed."""

    entity: str
    text: str
    lang: str
    words: tuple[str, ...]
    folded: str


@dataclass
class Match:
    """An entity and the label of it that matched best."""

    entity: str
    label: str
    lang: str
    score: float
    rank: int

    def key(self) -> tuple[int, float, int, str, str]:
        return (self.rank, -self.score, len(self.label), self.label, self.entity)


@dataclass
class _Word:
    forms: frozenset[str]
    lemmas: frozenset[str]
    labels: set[int] = field(default_factory=set)


class Matcher:
    """An index of labels, and the ranked entities a text matches."""

    def __init__(self, labels: Iterable[tuple[str, str, str]]) -> None:
        """``labels``: (entity IRI, label text, language tag or "") triples."""
        self.labels: list[Label] = []
        self._words: dict[str, _Word] = {}
        for entity, text, tag in labels:
            lang = tag.split("-")[0].lower() if tag else DEFAULT_LANGUAGE
            found = tuple(words(text))
            if not found:
                continue
            index = len(self.labels)
            self.labels.append(Label(entity, text, tag, found, " ".join(found)))
            known = lang if lang in SNOWBALL else DEFAULT_LANGUAGE
            for word in found:
                entry = self._words.get(word)
                if entry is None:
                    entry = self._words[word] = _Word(forms(word, known),
                                                      frozenset((_lemma(word, known),)))
                elif known != DEFAULT_LANGUAGE:  # a word seen in several languages
                    entry.forms = entry.forms | forms(word, known)
                    entry.lemmas = entry.lemmas | {_lemma(word, known)}
                entry.labels.add(index)
        self._vocabulary = list(self._words)

    def __len__(self) -> int:
        return len(self.labels)

    def word_scores(self, query_word: str) -> dict[str, float]:
        """Every indexed word the query word matches, with how well (see the table)."""
        mine = query_forms(query_word)
        scores: dict[str, float] = {}
        exact = self._words.get(query_word)
        if exact is not None:
            scores[query_word] = EXACT
        for word, entry in self._words.items():
            if word in scores:
                continue
            if word in mine:
                scores[word] = BASE
            elif mine & entry.forms:
                scores[word] = FORM
            elif len(query_word) >= MIN_PREFIX and word.startswith(query_word):
                scores[word] = PREFIX
            elif any(len(form) >= MIN_PART
                     and (form in word or any(form in lemma for lemma in entry.lemmas))
                     for form in mine):
                scores[word] = PART
        if len(query_word) >= MIN_TYPO:
            limit = 2 if len(query_word) >= MIN_TYPO2 else 1
            for form in mine:
                if len(form) < MIN_TYPO:
                    continue
                for word, _distance, _index in process.extract(
                        form, self._vocabulary, scorer=Levenshtein.distance,
                        score_cutoff=limit, limit=None):
                    scores.setdefault(word, TYPO)
        return scores

    def match(self, text: str, allowed: set[str] | None = None,
              max_words: int = 6) -> list[Match]:
        """Entities with a label matching ``text``, best first; only those in ``allowed``
        when it is given. Each entity appears once, with its best label."""
        query = words(text)[:max_words]
        if not query:
            return []
        folded = " ".join(query)
        per_word = [self.word_scores(word) for word in query]
        candidates: set[int] | None = None
        for scores in per_word:
            hit: set[int] = set()
            for word in scores:
                hit |= self._words[word].labels
            candidates = hit if candidates is None else candidates & hit
            if not candidates:
                return []
        best: dict[str, Match] = {}
        for index in candidates or ():
            label = self.labels[index]
            if allowed is not None and label.entity not in allowed:
                continue
            found = [max((scores.get(word, 0.0) for word in label.words), default=0.0)
                     for scores in per_word]
            if min(found) == 0.0:
                continue
            covered = sum(1 for word in label.words
                          if any(word in scores for scores in per_word)) / len(label.words)
            score = sum(found) / len(found) * (0.75 + 0.25 * covered)
            # word by word: the query's words as the label's first words, inflected or not
            leading = len(label.words) >= len(query) and all(
                scores.get(word, 0.0) >= BASE
                for scores, word in zip(per_word, label.words, strict=False))
            if label.folded == folded or (leading and len(label.words) == len(query)):
                rank = 0
            elif label.folded.startswith(folded) or leading:
                rank = 1
            elif min(found) >= PREFIX:
                rank = 2
            else:
                rank = 3
            candidate = Match(label.entity, label.text, label.lang, round(score, 4), rank)
            current = best.get(label.entity)
            if current is None or candidate.key() < current.key():
                best[label.entity] = candidate
        return sorted(best.values(), key=Match.key)
