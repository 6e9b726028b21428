#!/usr/bin/env python3
"""gen_corpus.py — a synthetic news corpus with planted copies, for retrace benchmarks.

    gen_corpus.py --n N --seed S --out DIR [--zstd] [--check]
                  [--vary-rate 0.25] [--vary-window 40] [--no-vary]

Writes DIR/corpus.jsonl (or DIR/corpus.jsonl.zst with --zstd), DIR/labels.jsonl and
DIR/meta.json. Everything is determined by --n, --seed, the options and this file.
The source corpora are read from --corpora (default: shared/corpora beside the
repository, i.e. /work/shared/corpora).

The text comes from real news: the sentences of the BBC news corpus (2,225 articles, five
categories; sentences of more than 120 letters split at clause boundaries) reassembled into
new articles, and sentences of the Microsoft Research Paraphrase Corpus (MSRP, pairs of at
most 120 letters) for the rewrite pairs, every sentence varied per article (see below).
Each generated article is one of:

  base      sentences drawn from one BBC category, grouped into paragraphs of 1-4
            sentences; a BBC title of that category; an outlet; a date in 2020-2025.
  msrp base a base article most of whose sentences (~75%) are MSRP paraphrase-pair
            sentences (String #1); the only possible sources of rewrites.
  duplicate the text of an earlier article, unchanged.
  reprint   an earlier article after PDF-extraction damage: hard line wraps at 70-95
            characters, some words hyphenated across line breaks, on ~1/3 of the lines
            ~45% of the spaces removed, a masthead line, a date line and a URL line added.
  excerpt   30-60% of an earlier article's sentences, as consecutive whole paragraphs,
            alone (25%) or inside a new article of other sentences (75%).
  rewrite   an earlier msrp-base article with every MSRP sentence replaced by its
            paraphrase (String #2), light word substitutions in the other sentences, and
            re-expressed numbers ("76%" -> "76 percent", "$1.1bn" -> "$1.1 billion").

A copy is dated after its source (1 hour to 30 days), comes from another outlet, and
appears later in the file. Every source is copied at most once and copies are never
copied, so the planted relations are disjoint pairs: labels.jsonl has one line per copy,
{"source": id, "copy": id, "relation": "duplicate|reprint|excerpt|rewrite"}.

Sources are picked at random among a pool of earlier, not yet copied base articles (at
most --pool articles; when it is full a random member is replaced), which bounds memory.

Background overlap: 1M articles of ~20 sentences re-use each of the 33k BBC sentences
~600 times. So that unrelated articles share no real passage (only planted copies should):

  - sentences are drawn independently, not as runs of a donor article;
  - no sentence has more than 120 letters (MAX_LETTERS), less than the 150 letters at
    which one common passage makes an excerpt;
  - every use of a sentence is varied (Varier): names and numbers swapped per article,
    each other content word replaced with probability --vary-rate (0.25) by a word of the
    same ending and frequency class, and at least one word replaced in every window of
    --vary-window (40) characters that has no name or number, so that two uses of the same
    sentence differ every few words. Copies render their source's variation exactly.

Measurements (bench/overlap.py, recall.py --corpus) in bench/README.md.
"""
import argparse
import array
import hashlib
import json
import math
import os
import random
import re
import subprocess
import sys
import time
import zlib

# shared/corpora beside the repository (bench/../../shared/corpora).
DEFAULT_CORPORA = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                "..", "..", "shared", "corpora"))
BBC = os.path.join("bbc", "bbc.jsonl")
MSRP = [os.path.join("msrp", f) for f in ("msr_paraphrase_train.txt", "msr_paraphrase_test.txt")]

# Fictional outlets: (name, domain).
OUTLETS = [
    ("The Daily Courier", "dailycourier.example.com"),
    ("Northern Ledger", "northernledger.example.com"),
    ("The Evening Standard-Bearer", "standardbearer.example.com"),
    ("Metro Observer", "metroobserver.example.net"),
    ("The Coastal Times", "coastaltimes.example.org"),
    ("Westfield Gazette", "westfieldgazette.example.com"),
    ("The Morning Herald", "morningherald.example.com"),
    ("Capital Chronicle", "capitalchronicle.example.net"),
    ("The Valley Post", "valleypost.example.com"),
    ("Harbour Tribune", "harbourtribune.example.org"),
    ("The Lakeside Journal", "lakesidejournal.example.com"),
    ("Riverside Dispatch", "riversidedispatch.example.com"),
    ("The National Review Wire", "nrwire.example.net"),
    ("Eastern Sentinel", "easternsentinel.example.com"),
    ("The Weekly Bulletin", "weeklybulletin.example.org"),
    ("City Press Online", "citypress.example.com"),
    ("The Southern Mail", "southernmail.example.com"),
    ("Highland Examiner", "highlandexaminer.example.net"),
    ("The Business Record", "businessrecord.example.com"),
    ("Global News Digest", "globalnewsdigest.example.org"),
    ("The County Advertiser", "countyadvertiser.example.com"),
    ("Summit Star", "summitstar.example.com"),
    ("The Independent Voice", "independentvoice.example.net"),
    ("Bay Area Beacon", "baybeacon.example.com"),
    ("The Market Monitor", "marketmonitor.example.com"),
    ("Pioneer Press Agency", "pioneerpress.example.org"),
    ("The Civic Register", "civicregister.example.com"),
    ("Frontier Times", "frontiertimes.example.net"),
    ("The Sports Desk", "sportsdesk.example.com"),
    ("Tech Current", "techcurrent.example.com"),
]

# Word substitutions for the non-MSRP sentences of a rewrite (applied to ~70% of matches).
SYNONYMS = {
    "said": "stated", "says": "states", "big": "large", "biggest": "largest",
    "company": "firm", "firm": "company", "announced": "revealed", "expected": "anticipated",
    "rose": "climbed", "fell": "dropped", "help": "assist", "helped": "assisted",
    "start": "begin", "began": "started", "buy": "purchase", "bought": "purchased",
    "shows": "indicates", "show": "indicate", "because": "as", "many": "numerous",
    "important": "significant", "tried": "attempted", "trying": "attempting",
    "during": "in the course of", "however": "nevertheless", "but": "yet",
    "told": "informed", "chief executive": "CEO",
    "government": "administration", "increase": "rise", "decision": "ruling",
    "plans": "proposals", "spokesman": "representative", "about": "around",
    "currently": "at present", "recently": "lately", "major": "key",
}
_SYN_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True))
                     + r")\b", re.IGNORECASE)

# Number re-expressions for rewrites, applied in one pass so that no rule undoes another:
# (pattern, replacement template) — "76%" -> "76 percent", "$1.1bn" -> "$1.1 billion", ...
_NUMBER_RULES = [
    (r"(\d+(?:\.\d+)?)%", r"\1 percent"),
    (r"(\d+(?:\.\d+)?) ?per ?cent\b", r"\1%"),
    (r"\$(\d+(?:\.\d+)?)bn\b", r"$\1 billion"),
    (r"\$(\d+(?:\.\d+)?)m\b", r"$\1 million"),
    (r"\$(\d+(?:\.\d+)?) billion\b", r"$\1bn"),
    (r"\$(\d+(?:\.\d+)?) million\b", r"$\1m"),
    ("\u00a3(\\d+(?:\\.\\d+)?)bn\\b", r"\1 billion pounds"),
    ("\u00a3(\\d+(?:\\.\\d+)?)m\\b", r"\1 million pounds"),
    (r"(?<![\d,])(\d{1,3}),(\d{3})\b(?!,\d)", r"\1\2"),
]
_NUMBER_RES = [re.compile(p) for p, _ in _NUMBER_RULES]
_NUMBER_RE = re.compile("|".join(f"(?:{p})" for p, _ in _NUMBER_RULES))


def reexpress_numbers(s):
    """Rewrites every number expression matched by _NUMBER_RULES (single pass)."""
    def one(m):
        text = m.group(0)
        for rx, (_, rep) in zip(_NUMBER_RES, _NUMBER_RULES):
            m2 = rx.fullmatch(text)
            if m2:
                return m2.expand(rep)
        return text
    return _NUMBER_RE.sub(one, s)


# Sentence boundary: end punctuation, optional closing quote, space, a likely sentence start.
_SPLIT_RE = re.compile("(?<=[.!?])([\"\u201d\u2019']?)\\s+(?=[\"\u201c\u2018(\u00a3$A-Z0-9])")
_WORD_RE = re.compile(r"\w+")
# Variation: the tokens of a sentence that may be swapped. Words of 3+ letters (a
# capitalised one, or a lower-case one) not glued to other letters (a possessive "'s" may
# follow), and digit runs ("600" in "\u00a3600m", "1" and "13" in "1.13").
_L = "A-Za-z\u00c0-\u024f"
_TOKEN_RE = re.compile(f"(?<![{_L}'\u2019])([A-Z][a-z]{{2,}}|[a-z]{{3,}})(?![{_L}])|(?<!\\d)(\\d+)(?!\\d)")
_CAP_RE = re.compile(r"\b[A-Z][a-z]{2,}\b")
_LOWER_RE = re.compile(r"\b[a-z]{3,}\b")
_CALENDAR = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
             "January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"}
# Function words (and a few very common verbs) are never substituted: they carry the syntax.
STOPWORDS = frozenset("""
the and for are but not you all any can had her was one our out day get has him his how man
new now old see two way who boy did its let put say she too use that with have this will your
from they know want been good much some time very when come here just like long make many
more only over such take than them well were what which their there would about after again
also back being below between both could does doing down during each even every first
further here into most other same should since still then these those through under until
where while why yet upon onto off own nor across along among around against above before
behind beyond within without whether though although however because said says saying told
tell tells may might must shall per via who whom whose ever never often also already just
may mr mrs ms its it's he she we they them him her his hers theirs ours yours mine itself
himself herself themselves ourselves yourself something anything nothing everything someone
anyone everyone nobody one two three four five six seven eight nine ten hundred thousand
million billion first second don won isn aren didn doesn wasn weren hasn haven hadn
couldn wouldn shouldn can ain third last next former latter few less least lot lots make made
makes making get gets got getting go goes going gone went come came comes coming take took
taken takes taking give gave given gives put puts see saw seen sees use used uses using
become became becomes have has had having do does did done be is am are was were been
""".split())


def _suffix(w):
    """A crude word class by ending, so that a substitute keeps the inflection."""
    for suf in _SUFFIXES:
        if w.endswith(suf):
            return suf
    return ""


_SUFFIXES = sorted(("ing", "ed", "ly", "ion", "ions", "ers", "er", "est", "ies", "es", "ss", "s",
                    "al", "ive", "ful", "ous", "able", "ment", "ments", "ness", "ity", "ic", "ist",
                    "ists", "ts", "ds", "ns", "ks", "rs", "ls", "ms", "ps", "gs", "y", "e", "t", "n",
                    "d", "k", "r", "l", "m", "p", "g", "h"), key=len, reverse=True)


DATE_MIN = 1577836800    # 2020-01-01T00:00:00Z
DATE_MAX = 1764547200    # 2025-12-01T00:00:00Z (copies may be dated up to 30 days later)
KINDS = ("duplicate", "reprint", "excerpt", "rewrite")
SEP = -1                 # paragraph separator in a stored article body


def split_sentences(paragraph):
    """Splits a paragraph into sentences (keeps a closing quote with its sentence)."""
    parts = _SPLIT_RE.split(paragraph)
    return [(parts[i] + (parts[i + 1] if i + 1 < len(parts) else "")).strip()
            for i in range(0, len(parts), 2)]


# Longest sentence, in letters and digits: longer BBC sentences are split at clause
# boundaries (split_long), longer MSRP pairs are not used. A real sentence re-used by two
# unrelated articles then never makes a common passage of 150 letters, the length at which a
# single passage counts as an excerpt (retrace; docs/format.md), even with few of its words
# varied.
MAX_LETTERS = 120
_CLAUSE_RE = re.compile(r"(?:;|,(?= (?:and|but|while|although|though|as|after|before|because|so|"
                        r"with|which|who|where|when|adding|saying|according|despite|including|"
                        r"amid|following|having|until|unless|if)\b))(?= )")


def letters(s):
    return sum(c.isalnum() for c in s)


def split_long(s, limit=MAX_LETTERS):
    """Splits a sentence of more than `limit` letters into sentences of at most `limit`
    letters at clause boundaries ("; ", ", which", ", and", ...), the cut nearest the middle
    first; parts that cannot be split so are dropped. Returns the list of parts."""
    if letters(s) <= limit:
        return [s]
    # Clause boundaries first, then any comma.
    cuts = sorted((abs(m.start() - len(s) / 2), m.start()) for m in _CLAUSE_RE.finditer(s))
    cuts += sorted((abs(m.start() - len(s) / 2), m.start()) for m in re.finditer(", ", s))
    for _, k in cuts:
        a, b = s[:k].rstrip() + ".", s[k + 1:].strip()
        b = b[0].upper() + b[1:]
        if letters(a) >= 30 and letters(b) >= 30 and good_sentence(a) and good_sentence(b):
            return split_long(a, limit) + split_long(b, limit)
    return []


def good_sentence(s):
    """Keeps whole sentences that can stand alone: sane length, balanced quotes, final stop."""
    if not 40 <= len(s) <= 400 or s.count('"') % 2:
        return False
    if s.count("\u201c") != s.count("\u201d") or s.count("(") != s.count(")"):
        return False
    return s[0].isupper() or s[0] in "\"\u201c(\u00a3$0123456789"


class Vocabulary:
    """What variation draws from: `names`, the proper names (capitalised words never seen in
    lower case in BBC or MSRP, less days and months), `names_by_cat` the sorted names of each
    BBC category, and `pool`, for each substitutable lower-case word (3+ letters, not a
    function word), the sorted list of words of the same ending class and a similar
    frequency (counts within a factor of ~2) it may be replaced by."""

    def __init__(self, names, names_by_cat, pool):
        self.names, self.names_by_cat, self.pool = names, names_by_cat, pool

    @staticmethod
    def build(bbc_by_cat, other):
        """bbc_by_cat: category -> sentence strings; other: more sentence strings (MSRP)."""
        capitalised, lower = {}, {}
        for cat, sents in bbc_by_cat.items():
            caps = capitalised.setdefault(cat, set())
            for s in sents:
                caps.update(_CAP_RE.findall(s))
                for w in _LOWER_RE.findall(s):
                    lower[w] = lower.get(w, 0) + 1
        other_caps = set()
        for s in other:
            other_caps.update(_CAP_RE.findall(s))
            for w in _LOWER_RE.findall(s):
                lower[w] = lower.get(w, 0) + 1
        is_name = lambda w: w.lower() not in lower and w not in _CALENDAR
        names_by_cat = {c: sorted(w for w in v if is_name(w)) for c, v in sorted(capitalised.items())}
        names = frozenset(w for v in list(capitalised.values()) + [other_caps] for w in v if is_name(w))
        # Pools: (ending class, frequency band = log2 of the count); a pool of fewer than 20
        # words takes in the neighbouring bands of its class, then, if the class is that
        # small, the words of its band of all classes.
        groups, by_band = {}, {}
        for w in sorted(w for w in lower if w not in STOPWORDS):
            key = (_suffix(w), int(math.log2(lower[w])))
            groups.setdefault(key, []).append(w)
            by_band.setdefault(key[1], []).append(w)
        pool = {}
        for (suf, band), ws in sorted(groups.items()):
            p, d = list(ws), 1
            while len(p) < 20 and d <= 20:
                p += groups.get((suf, band - d), []) + groups.get((suf, band + d), [])
                d += 1
            p = tuple(sorted(p if len(p) >= 20 else set(p) | set(by_band[band])))
            for w in ws:
                pool[w] = p
        return Vocabulary(names, names_by_cat, pool)


def load_sources(corpora):
    """Returns (sentences, by_category, titles_by_category, vocabulary, msrp) where
    `sentences` is the global table of sentence strings, by_category maps a category to the
    indices of its BBC sentences, vocabulary is a Vocabulary of BBC and MSRP, and msrp is a
    list of (index of String #1 in the table, String #2)."""
    sentences, index = [], {}
    by_cat, titles = {}, {}

    def intern(s):
        i = index.get(s)
        if i is None:
            i = index[s] = len(sentences)
            sentences.append(s)
        return i

    with open(os.path.join(corpora, BBC), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            cat, title = d["category"], d["title"].strip()
            titles.setdefault(cat, []).append(title)
            pool = by_cat.setdefault(cat, set())
            paras = [p.strip() for p in d["text"].split("\n") if p.strip()]
            if paras and paras[0] == title:
                paras = paras[1:]
            for p in paras:
                for s in split_sentences(p):
                    if good_sentence(s) and s[-1] in ".!?\"'\u201d\u2019":
                        for part in split_long(s):
                            pool.add(intern(part))
    by_cat = {c: sorted(v) for c, v in sorted(by_cat.items())}
    titles = {c: sorted(set(v)) for c, v in sorted(titles.items())}

    msrp, seen = [], set()
    for path in MSRP:
        with open(os.path.join(corpora, path), encoding="utf-8-sig") as f:
            next(f)  # header
            for line in f:
                q, _, _, s1, s2 = line.rstrip("\n").split("\t")
                s1, s2 = s1.strip(), s2.strip()
                if (q != "1" or s1 == s2 or s1 in seen or s1 in index
                        or max(letters(s1), letters(s2)) > MAX_LETTERS):
                    continue
                seen.add(s1)
                msrp.append((intern(s1), s2))
    vocab = Vocabulary.build({c: [sentences[i] for i in v] for c, v in by_cat.items()},
                             [sentences[i] for i, _ in msrp] + [s2 for _, s2 in msrp])
    return sentences, by_cat, titles, vocab, msrp


def fmt_time(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def slug(title):
    return "-".join(_WORD_RE.findall(title.lower()))[:60]


def bigrams(text):
    w = _WORD_RE.findall(text.lower())
    return set(zip(w, w[1:]))


class Varier:
    """Varies the sentences of one article so that a real sentence re-used by unrelated
    articles differs every few words between them, as a template sentence would between
    real stories:

      - proper names and numbers are always swapped, the same way throughout the article
        ("Brown" -> "Federer" everywhere; a year stays a year, a number keeps its digits);
        a token's swap depends only on the seed and the token, not on the order;
      - each other content word (3+ letters, not a function word) is replaced with
        probability `rate` by a word of the same ending class and similar corpus frequency;
      - in every window of `window` characters of the sentence that has content words but
        no name or number, at least one content word is replaced.

    Determined by the seed and the order of the sentences, so that a copy renders its
    source exactly. apply(tpl, para) renders an MSRP String #2 instead of String #1 with the
    same swaps and the same substitutions for the words the two share (and the same random
    draws as rendering String #1), so that a rewrite is a rewrite of the varied source."""

    def __init__(self, seed, names, rate):
        self.rng = random.Random(seed)
        # Token swaps: names[(h * a + b) % len(names)] for a token of hash h.
        self.a, self.b = (seed * 2654435761 + 12345) & 0xFFFFFFFF | 1, seed
        self.names = names  # proper names of the article's category (sorted)
        self.rate = rate

    @staticmethod
    def template(sentence, vocab, window):
        """(parts, fixed, content): parts alternate literal text and tokens
        [literal, token, literal, ..., literal]; fixed holds (position in parts, hash,
        None) for the names and (position, hash, (lowest, span, digits to pad to)) for the
        numbers; content the substitutable words by windows of `window` characters, each
        (forced, ((position, pool), ...)), forced if the window holds no name or number
        (window 0: one window, never forced)."""
        parts, fixed, content, last = [], [], [], 0
        names, pools = vocab.names, vocab.pool
        fixed_windows = set()
        for m in _TOKEN_RE.finditer(sentence):
            w = m.group(0)
            if m.group(2) is not None:
                n = len(w)
                if n == 4 and w[:2] in ("19", "20"):
                    num = (1990, 36, 0)  # a year stays a year
                elif w[0] == "0":  # "0", "05": keep the leading zero
                    num = (0, 10 ** (n - 1), n)
                else:  # same number of digits
                    lo = max(2, 10 ** (n - 1))
                    num = (lo, 10 ** n - lo, 0)
                fixed.append((len(parts) + 1, zlib.crc32(w.encode()), num))
                fixed_windows.add(m.start() // window if window else 0)
            elif w in names:
                fixed.append((len(parts) + 1, zlib.crc32(w.encode()), None))
                fixed_windows.add(m.start() // window if window else 0)
            else:
                pool = pools.get(w)
                if pool is None:  # a function word, or a capitalised common word
                    continue
                content.append((m.start() // window if window else 0, len(parts) + 1, pool))
            parts.append(sentence[last:m.start()])
            parts.append(w)
            last = m.end()
        parts.append(sentence[last:])
        windows = {}
        for win, k, pool in content:
            windows.setdefault(win, []).append((k, pool))
        content = tuple((window > 0 and win not in fixed_windows, tuple(slots))
                        for win, slots in sorted(windows.items()))
        return parts, tuple(fixed), content

    def apply(self, tpl, para=None):
        """The sentence of a template() varied; with `para` (the template of its MSRP
        String #2) the paraphrase varied the same way."""
        parts, fixed, content = tpl
        out = parts[:]
        a, b, names = self.a, self.b, self.names
        for k, h, num in fixed:
            x = h * a + b
            if num is None:
                out[k] = names[x % len(names)]
            else:
                out[k] = str(num[0] + x % num[1]).zfill(num[2])
        rnd, rate = self.rng.random, self.rate
        subs = {}  # substitutions by word, for String #2
        for forced, slots in content:
            hit = False
            for k, pool in slots:
                if rnd() < rate:
                    out[k] = subs[parts[k]] = pool[int(rnd() * len(pool))]
                    hit = True
            if forced and not hit:
                k, pool = slots[int(rnd() * len(slots))]
                out[k] = subs[parts[k]] = pool[int(rnd() * len(pool))]
        if para is None:
            return "".join(out)
        parts, fixed, content = para
        out = parts[:]
        for k, h, num in fixed:
            x = h * a + b
            if num is None:
                out[k] = names[x % len(names)]
            else:
                out[k] = str(num[0] + x % num[1]).zfill(num[2])
        for _, slots in content:
            for k, _ in slots:
                r = subs.get(parts[k])
                if r is not None:
                    out[k] = r
        return "".join(out)


class Source:
    """An earlier article that may still be copied."""
    __slots__ = ("id", "cat", "outlet", "time", "title", "body", "vary")

    def __init__(self, doc_id, cat, outlet, t, title, body, vary):
        self.id, self.cat, self.outlet, self.time = doc_id, cat, outlet, t
        self.title, self.body, self.vary = title, body, vary


class Generator:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.sentences, self.by_cat, self.titles, self.vocab, msrp = load_sources(args.corpora)
        self.categories = list(self.by_cat)
        self.paraphrase = dict(msrp)              # String #1 index -> String #2
        self.msrp_ids = [i for i, _ in msrp]
        self.templates = {}     # sentence index -> Varier.template
        self.para_templates = {}  # String #1 index -> Varier.template of String #2
        self.pool = []          # Sources for duplicates, reprints and excerpts
        self.msrp_pool = []     # Sources for rewrites (msrp bases)
        self.counts = {k: 0 for k in ("base", "msrp_base") + KINDS}
        self.check = {"rewrite_jaccard": [], "rewrite_msrp_share": [], "reprint_jaccard": [],
                      "excerpt_share": []} if args.check else None

    # ---- building blocks -------------------------------------------------------------

    def paragraphs(self, sentence_ids):
        """Groups sentence indices into paragraphs of 1-4 sentences; returns a body array
        (indices with SEP between paragraphs)."""
        rng, body, i = self.rng, array.array("i"), 0
        while i < len(sentence_ids):
            k = rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
            if body:
                body.append(SEP)
            body.extend(sentence_ids[i:i + k])
            i += k
        return body

    @staticmethod
    def para_lists(body):
        """Body array -> list of paragraphs, each a list of sentence indices."""
        paras, cur = [], []
        for x in body:
            if x == SEP:
                paras.append(cur)
                cur = []
            else:
                cur.append(x)
        paras.append(cur)
        return paras

    def vary_seed(self):
        """A new Varier seed for an article (None with --no-vary)."""
        return None if self.args.no_vary else self.rng.getrandbits(32)

    def render(self, paras, cat, vary, reword=None):
        """Paragraph lists -> text. `vary` is the article's Varier seed (or None). With
        `reword` (a rewrite), MSRP sentences are rendered as their String #2 and every
        sentence (index, text) goes through reword."""
        s, templates, msrp = self.sentences, self.templates, self.paraphrase
        vocab, window = self.vocab, self.args.vary_window
        v = Varier(vary, vocab.names_by_cat[cat], self.args.vary_rate) if vary is not None else None

        def sentence(i):
            para = reword is not None and i in msrp
            if v is None:
                t = msrp[i] if para else s[i]
            else:
                tpl = templates.get(i)
                if tpl is None:
                    tpl = templates[i] = Varier.template(s[i], vocab, window)
                if para:
                    ptpl = self.para_templates.get(i)
                    if ptpl is None:
                        ptpl = self.para_templates[i] = Varier.template(msrp[i], vocab, window)
                    t = v.apply(tpl, ptpl)
                else:
                    t = v.apply(tpl)
            return t if reword is None else reword(i, t)

        return "\n\n".join(" ".join(sentence(i) for i in p) for p in paras)

    def source_text(self, src):
        return self.render(self.para_lists(src.body), src.cat, src.vary)

    def random_sentences(self, cat, n):
        pool = self.by_cat[cat]
        return [pool[self.rng.randrange(len(pool))] for _ in range(n)]

    def other_outlet(self, outlet):
        o = self.rng.randrange(len(OUTLETS) - 1)
        return o + 1 if o >= outlet else o

    def add_to_pool(self, pool, item):
        if len(pool) < self.args.pool:
            pool.append(item)
        else:
            pool[self.rng.randrange(len(pool))] = item

    def take_from_pool(self, pool):
        i = self.rng.randrange(len(pool))
        pool[i], pool[-1] = pool[-1], pool[i]
        return pool.pop()

    # ---- article kinds: each returns (category, title, text) ---------------------------

    def base(self, doc_id, msrp, outlet, t):
        rng = self.rng
        cat = rng.choice(self.categories)
        if msrp:
            n = rng.randint(8, 24)
            n_msrp = round(n * rng.uniform(0.65, 0.85))
            ids = rng.sample(self.msrp_ids, n_msrp) + self.random_sentences(cat, n - n_msrp)
            rng.shuffle(ids)
        else:
            ids = self.random_sentences(cat, rng.randint(10, 30))
        src = Source(doc_id, cat, outlet, t, rng.choice(self.titles[cat]), self.paragraphs(ids),
                     self.vary_seed())
        self.add_to_pool(self.msrp_pool if msrp else self.pool, src)
        self.counts["msrp_base" if msrp else "base"] += 1
        return cat, src.title, self.source_text(src)

    def duplicate(self, src):
        return src.cat, src.title, self.source_text(src)

    def reprint(self, src, outlet, t):
        """PDF-extraction damage of the source text."""
        rng = self.rng
        original = self.source_text(src)
        width = rng.randint(70, 95)
        blank_between = rng.random() < 0.5
        lines = []
        for para in original.split("\n\n"):
            line = ""
            for word in para.split(" "):
                if not line:
                    line = word
                elif len(line) + 1 + len(word) <= width:
                    line += " " + word
                else:
                    room = width - len(line) - 2  # space and hyphen
                    if (len(word) >= 8 and word.isalpha() and room >= 3
                            and rng.random() < 0.35):
                        cut = rng.randint(3, min(room, len(word) - 3))
                        lines.append(line + " " + word[:cut] + "-")
                        line = word[cut:]
                    else:
                        lines.append(line)
                        line = word
            lines.append(line)
            if blank_between:
                lines.append("")
        if blank_between:
            lines.pop()
        for j, line in enumerate(lines):
            if line and rng.random() < 1 / 3:
                lines[j] = "".join(c for c in line if c != " " or rng.random() >= 0.45)
        name, domain = OUTLETS[outlet]
        cat, title = src.cat, src.title
        masthead = rng.choice((name.upper(), f"{name} | {cat.title()} | Page {rng.randint(2, 40)}",
                               f"{name.upper()} - {cat.upper()}"))
        dateline = time.strftime(rng.choice(("%A, %B %d, %Y", "%d %B %Y", "%d.%m.%Y %H:%M")),
                                 time.gmtime(t))
        url = f"https://www.{domain}/{cat}/{time.strftime('%Y/%m', time.gmtime(t))}/{slug(title)}"
        header = [masthead, dateline] + ([url] if rng.random() < 0.5 else [])
        footer = [] if len(header) == 3 else [url + f"  1/{rng.randint(1, 4)}"]
        text = "\n".join(header + [""] + lines + [""] + footer).strip("\n")
        if self.check is not None:
            self.check["reprint_jaccard"].append(self.jaccard(original, text))
        return cat, title.upper() if rng.random() < 0.3 else title, text

    def excerpt(self, src):
        """Consecutive paragraphs holding 30-60% of the source's sentences, alone or inside
        new paragraphs of the same category."""
        rng, cat = self.rng, src.cat
        paras = self.para_lists(src.body)
        total = sum(map(len, paras))
        target = rng.uniform(0.3, 0.6) * total
        best = None
        for _ in range(8):  # a few random starts; keep the run closest to the target share
            start = end = rng.randrange(len(paras))
            n = 0
            while end < len(paras) and (end == start or n + len(paras[end]) <= target):
                n += len(paras[end])
                end += 1
            if best is None or abs(n - target) < abs(best[2] - target):
                best = (start, end, n)
        start, end, n = best
        # Render the whole source and cut (variation depends on the order of rendering).
        text = "\n\n".join(self.source_text(src).split("\n\n")[start:end])
        if rng.random() < 0.75:
            vary = self.vary_seed()  # the new paragraphs are the copy's own
            before = self.para_lists(self.paragraphs(self.random_sentences(cat, rng.randint(0, 6))))
            after = self.para_lists(self.paragraphs(self.random_sentences(cat, rng.randint(2, 10))))
            new = self.render([p for p in before if p] + after, cat, vary).split("\n\n")
            k = len([p for p in before if p])
            text = "\n\n".join(new[:k] + [text] + new[k:])
        if self.check is not None:
            self.check["excerpt_share"].append(n / total)
        return cat, rng.choice(self.titles[cat]), text

    def rewrite(self, src):
        """MSRP sentences -> their paraphrases; other sentences get word substitutions;
        numbers re-expressed everywhere."""
        rng, paraphrase = self.rng, self.paraphrase

        def synonym(m):
            w = m.group(0)
            if rng.random() >= 0.7:
                return w
            r = SYNONYMS[w.lower()]
            return r[0].upper() + r[1:] if w[0].isupper() else r

        def reword(i, s):  # s: the varied sentence, or the varied String #2 (render)
            return reexpress_numbers(s if i in paraphrase else _SYN_RE.sub(synonym, s))

        paras = self.para_lists(src.body)
        text = self.render(paras, src.cat, src.vary, reword)
        if self.check is not None:
            ids = [i for p in paras for i in p]
            self.check["rewrite_msrp_share"].append(sum(i in paraphrase for i in ids) / len(ids))
            self.check["rewrite_jaccard"].append(self.jaccard(self.source_text(src), text))
        return src.cat, rng.choice(self.titles[src.cat]), text

    @staticmethod
    def jaccard(a, b):
        a, b = bigrams(a), bigrams(b)
        return len(a & b) / max(1, len(a | b))

    # ---- the run ---------------------------------------------------------------------

    def articles(self, labels=None):
        """Yields the articles one at a time, as dicts (id, title, date, source, url, text), in
        file order; writes each planted copy's label line to labels if given. The stream of
        run(), and of bench/python_stream.py (retrace.detect on the generator itself)."""
        args, rng = self.args, self.rng
        rates = (args.duplicate, args.reprint, args.excerpt, args.rewrite)
        # Enough msrp bases that ~2/3 of them get rewritten.
        msrp_share = min(0.5, 1.5 * args.rewrite / max(1e-9, 1 - sum(rates)))
        width = len(str(args.n - 1))
        for n in range(args.n):
            doc_id = f"doc{n:0{width}d}"
            u, kind = rng.random(), None
            for k, r in zip(KINDS, rates):
                if u < r:
                    kind = k
                    break
                u -= r
            pool = self.msrp_pool if kind == "rewrite" else self.pool
            if kind is None or not pool:
                outlet, t = rng.randrange(len(OUTLETS)), rng.randrange(DATE_MIN, DATE_MAX)
                cat, title, text = self.base(doc_id, rng.random() < msrp_share, outlet, t)
            else:
                src = self.take_from_pool(pool)
                outlet = self.other_outlet(src.outlet)
                t = src.time + rng.randrange(3600, 30 * 86400)
                if kind == "duplicate":
                    cat, title, text = self.duplicate(src)
                elif kind == "reprint":
                    cat, title, text = self.reprint(src, outlet, t)
                elif kind == "excerpt":
                    cat, title, text = self.excerpt(src)
                else:
                    cat, title, text = self.rewrite(src)
                self.counts[kind] += 1
                if labels is not None:
                    labels.write(f'{{"source": "{src.id}", "copy": "{doc_id}", "relation": "{kind}"}}\n')
            name, domain = OUTLETS[outlet]
            date = fmt_time(t)
            url = f"https://www.{domain}/{cat}/{date[:4]}/{date[5:7]}/{slug(title)}-{n}"
            yield {"id": doc_id, "title": title, "date": date, "source": name, "url": url, "text": text}

    def run(self):
        args = self.args
        os.makedirs(args.out, exist_ok=True)
        corpus_path = os.path.join(args.out, "corpus.jsonl" + (".zst" if args.zstd else ""))
        if args.zstd:
            zproc = subprocess.Popen(["zstd", "-q", "-f", "-3", "-T0", "-o", corpus_path],
                                     stdin=subprocess.PIPE)
            out = zproc.stdin
        else:
            zproc, out = None, open(corpus_path, "wb", buffering=1 << 22)
        labels = open(os.path.join(args.out, "labels.jsonl"), "w", encoding="utf-8")

        rates = (args.duplicate, args.reprint, args.excerpt, args.rewrite)
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        t0, text_bytes, batch = time.time(), 0, []
        for n, doc in enumerate(self.articles(labels)):
            batch.append(dumps(doc))
            text_bytes += len(doc["text"])
            if len(batch) >= 2000:
                out.write(("\n".join(batch) + "\n").encode("utf-8"))
                batch.clear()
            if not args.quiet and (n + 1) % 50000 == 0:
                dt = time.time() - t0
                print(f"gen_corpus: {n + 1:,}/{args.n:,} articles, {text_bytes / 1e9:.2f} GB text, "
                      f"{(n + 1) / dt:,.0f} articles/s, eta {(args.n - n - 1) * dt / (n + 1):.0f} s",
                      file=sys.stderr, flush=True)
        if batch:
            out.write(("\n".join(batch) + "\n").encode("utf-8"))
        out.close()
        labels.close()
        if zproc and zproc.wait() != 0:
            sys.exit("gen_corpus: zstd failed")
        dt = time.time() - t0

        with open(os.path.abspath(__file__), "rb") as f:
            version = hashlib.sha1(f.read()).hexdigest()[:12]
        meta = {"n": args.n, "seed": args.seed,
                "vary": None if args.no_vary else {"rate": args.vary_rate, "window": args.vary_window},
                "generator": version,
                "corpus": os.path.basename(corpus_path),
                "rates": dict(zip(KINDS, rates)), "counts": self.counts,
                "text_bytes": text_bytes, "seconds": round(dt, 1),
                "bbc_sentences": sum(map(len, self.by_cat.values())),
                "msrp_pairs": len(self.msrp_ids)}
        if self.check is not None:
            meta["check"] = {k: summary(v) for k, v in self.check.items()}
        with open(os.path.join(args.out, "meta.json"), "w") as f:
            json.dump(meta, f, indent=1)
            f.write("\n")
        if not args.quiet:
            print(f"gen_corpus: wrote {args.n:,} articles ({text_bytes / 1e9:.3f} GB text) to "
                  f"{corpus_path} in {dt:.1f} s ({args.n / dt:,.0f} articles/s); planted: "
                  + ", ".join(f"{k} {self.counts[k]:,}" for k in KINDS), file=sys.stderr)
            if self.check is not None:
                print("gen_corpus: check " + json.dumps(meta["check"]), file=sys.stderr)


def summary(values):
    """Mean and quartiles of a list of numbers."""
    if not values:
        return {}
    v = sorted(values)
    q = lambda p: round(v[min(len(v) - 1, int(p * len(v)))], 3)
    return {"n": len(v), "mean": round(sum(v) / len(v), 3), "p10": q(0.1), "p25": q(0.25),
            "median": q(0.5), "p75": q(0.75), "p90": q(0.9)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, required=True, help="number of articles")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--zstd", action="store_true", help="write corpus.jsonl.zst (zstd CLI)")
    ap.add_argument("--corpora", default=DEFAULT_CORPORA,
                    help="folder holding bbc/bbc.jsonl and msrp/ (default: %(default)s)")
    ap.add_argument("--duplicate", type=float, default=0.02, help="share of duplicates")
    ap.add_argument("--reprint", type=float, default=0.02, help="share of damaged reprints")
    ap.add_argument("--excerpt", type=float, default=0.02, help="share of excerpts")
    ap.add_argument("--rewrite", type=float, default=0.02, help="share of rewrites")
    ap.add_argument("--pool", type=int, default=200000,
                    help="max. earlier articles kept as candidate sources (bounds memory)")
    ap.add_argument("--vary-rate", type=float, default=0.25,
                    help="variation: share of content words substituted per use of a sentence "
                         "(names and numbers are always swapped; see Varier) (default %(default)s)")
    ap.add_argument("--vary-window", type=int, default=40,
                    help="variation: at least one word substituted in every window of this "
                         "many characters of a sentence without a name or number in it "
                         "(0: no minimum) (default %(default)s)")
    ap.add_argument("--no-vary", action="store_true",
                    help="no variation at all: real sentences re-used verbatim")
    ap.add_argument("--check", action="store_true",
                    help="measure the planted copies (word 2-gram Jaccard etc.) into meta.json")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    if args.n < 1:
        ap.error("--n must be positive")
    if sum((args.duplicate, args.reprint, args.excerpt, args.rewrite)) >= 0.5:
        ap.error("the copy rates must sum to less than 0.5")
    Generator(args).run()


if __name__ == "__main__":
    main()
