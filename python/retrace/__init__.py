"""retrace: which news articles are copies or rewrites of which.

    import retrace
    rels = retrace.detect(retrace.read("examples/news.jsonl"))
    for r in rels:
        print(r.source, "->", r.copy, r.kind, r.score)

Articles are dicts (or objects with attributes) with ``id`` and ``text`` and optionally
``date``, ``source`` (the outlet), ``title`` and ``url``. Iterables of them are consumed one at
a time. Relations are :class:`Relation` objects; ``r.to_dict()`` is the JSON object that
``retrace detect`` writes (docs/format.md). See docs/python.md.
"""

from __future__ import annotations

import json as _json
import sys as _sys
import warnings as _warnings
from collections import Counter as _Counter

from . import _retrace
from ._errors import Busy, Error, Internal, InvalidInput, IOError, SkippedRecord
from ._read import read

__all__ = [
    "Busy", "Change", "Error", "IOError", "Index", "Internal", "InvalidInput", "Model", "Passage",
    "Relation", "Relations", "SkippedRecord", "clusters", "detect", "read", "to_dataframe", "version",
    "__version__",
]

Relation = _retrace.Relation
Passage = _retrace.Passage
Change = _retrace.Change

__version__ = _retrace.version()

_MAX_TEXT_BYTES = 10 << 20
_MESSAGES_PER_REASON = 20  # as the CLI: the first 20 of each reason, then a count


def version() -> str:
    """The library's version, "MAJOR.MINOR.PATCH"."""
    return _retrace.version()


# --- Relation: the parts that come from its JSON object -------------------------------------


def _to_dict(self):
    """The relation as the JSON object ``retrace detect`` writes (docs/format.md), parsed with
    the json module: equal to the CLI's object for the same pair."""
    return _json.loads(self.json)


def _json_field(key, doc):
    def get(self):
        return _json.loads(self.json).get(key)

    get.__doc__ = doc
    return property(get)


def _coverage_region(self):
    """``rewrite`` with form ``embedded`` only: share of the derived region's content
    sentences aligned; else None."""
    return _json.loads(self.json)["coverage"].get("region")


def _region(self):
    """``rewrite`` with form ``embedded`` only: the copy's derived region (begin, end); else None."""
    region = _json.loads(self.json).get("region")
    return tuple(region["copy"]) if region else None


def _relation_repr(self):
    form = f" {self.form}" if self.form else ""
    return f"<Relation {self.kind}{form} {self.source!r} -> {self.copy!r} score={self.score:.4g} {self.direction}>"


def _relation_eq(self, other):
    if not isinstance(other, Relation):
        return NotImplemented
    return self.json == other.json


Relation.__doc__ = """One relation between two articles, as ``retrace detect`` writes it (docs/format.md).

Attributes: ``source`` and ``copy`` (article ids), ``kind`` (duplicate, reprint, excerpt,
rewrite, same_story; also ``relation``, the JSON key), ``direction`` (dated, inferred,
unknown), ``form`` (a rewrite's whole, summary or embedded; else None), ``score``,
``coverage_source``, ``coverage_copy``, ``coverage_region`` and ``region`` (embedded rewrites),
``source_date``, ``copy_date``, ``source_outlet``, ``copy_outlet`` (None when the input had
none), ``passages`` (list of Passage), ``changes`` (list of Change), ``json`` (the JSON object as
text) and ``to_dict()``."""
Relation.to_dict = _to_dict
Relation.relation = property(lambda self: self.kind, doc="The relation's kind, as the JSON key names it.")
Relation.source_date = _json_field("source_date", "The source's date as the input gave it, or None.")
Relation.copy_date = _json_field("copy_date", "The copy's date as the input gave it, or None.")
Relation.source_outlet = _json_field("source_outlet", "The source's outlet (its ``source`` field), or None.")
Relation.copy_outlet = _json_field("copy_outlet", "The copy's outlet (its ``source`` field), or None.")
Relation.coverage_region = property(_coverage_region)
Relation.region = property(_region)
Relation.__repr__ = _relation_repr
Relation.__eq__ = _relation_eq
Relation.__hash__ = lambda self: hash(self.json)


class Relations(list):
    """A list of Relation, as :func:`detect` returns it, that also knows the ids of the input
    in their order (``document_order``), so that :func:`clusters` orders its groups as
    ``retrace detect --clusters`` does."""

    def __init__(self, relations=(), document_order=None):
        super().__init__(relations)
        self.document_order = document_order


# --- problems with single records ------------------------------------------------------------


_NOTES = {"unreadable date"}  # the record was kept


def _report(problems, on_problem):
    """Hands each (where, reason, detail) to on_problem, or warns (SkippedRecord) about the
    first 20 of each reason and counts the rest in one more warning."""
    if not problems:
        return
    if on_problem is not None:
        for where, reason, detail in problems:
            on_problem(where, reason, detail)
        return
    seen = _Counter()
    for where, reason, detail in problems:
        seen[reason] += 1
        if seen[reason] <= _MESSAGES_PER_REASON:
            verb = "note" if reason in _NOTES else "skipped"
            msg = f"{verb} {where}: {reason}" if where else f"{verb}: {reason}"
            _warnings.warn(msg + (f": {detail}" if detail else ""), SkippedRecord, stacklevel=3)
    for reason, n in seen.items():
        if n > _MESSAGES_PER_REASON:
            _warnings.warn(f"... and {n - _MESSAGES_PER_REASON} more skipped: {reason}", SkippedRecord, stacklevel=3)


def _check_docs(docs, what="docs"):
    if isinstance(docs, (str, bytes)):
        raise TypeError(f"{what} is one {type(docs).__name__}: pass an iterable of dicts with 'id' and 'text'")
    if isinstance(docs, dict) or (hasattr(docs, "keys") and hasattr(docs, "get") and "text" in docs):
        raise TypeError(f"{what} is one article: pass an iterable of them (e.g. [doc])")
    return docs


def _counting(docs, label):
    """The records of docs, with a count on standard error every 10,000 (progress=True)."""
    n = 0
    for n, d in enumerate(docs, 1):
        if n % 10000 == 0:
            print(f"\rretrace: {label} {n} articles", end="", file=_sys.stderr, flush=True)
        yield d
    print(f"\rretrace: {label} {n} articles", file=_sys.stderr, flush=True)


# --- detect ----------------------------------------------------------------------------------


def detect(docs, *, threads=None, same_story=False, progress=False, model=None,
           max_text_bytes=_MAX_TEXT_BYTES, on_problem=None) -> Relations:
    """The relations among the articles of one corpus, as ``retrace detect``.

    docs: any iterable of dicts (or objects with attributes) with ``id`` and ``text`` and
    optionally ``date``, ``source``, ``title``, ``url``; consumed one at a time (a generator
    is never turned into a list). A record without id or text, or with a field of the wrong
    type, raises :class:`InvalidInput` naming its position (``record 3``, counting from 1).
    Records the library leaves out (an empty or over-long text, a repeated id, invalid UTF-8)
    are warned about (:class:`SkippedRecord`), or passed to ``on_problem(where, reason,
    detail)``.

    threads: worker threads, 1 to 256 (None: all cores). same_story: also report ``same_story``
    pairs. progress: a count of the articles read and the CLI's progress line on standard
    error. model: a :class:`Model` whose statistics clean and fingerprint instead of the
    corpus' own. The GIL is released while the work runs.

    Returns a :class:`Relations` list of :class:`Relation`, in the CLI's order.
    """
    _check_docs(docs)
    if progress:
        docs = _counting(docs, "read")
    rels, ids, problems = _retrace.detect(docs, threads, bool(same_story), bool(progress), int(max_text_bytes),
                                          model._model if model is not None else None)
    _report(problems, on_problem)
    return Relations(rels, ids)


# --- Model -----------------------------------------------------------------------------------


class Model:
    """Frozen corpus statistics (word frequencies, stem document frequencies, outlets' standing
    lines) that cleaning and fingerprints read: train once on an archive, save, load. An index
    keeps its own (docs/index.md)."""

    __slots__ = ("_model",)

    def __init__(self, _model):
        self._model = _model

    @classmethod
    def train(cls, docs, *, threads=None) -> "Model":
        """Trains on an iterable of articles (as :func:`detect` takes them, one at a time).
        InvalidInput if none is usable."""
        _check_docs(docs)
        return cls(_retrace.Model.train(docs, threads))

    @classmethod
    def load(cls, path) -> "Model":
        """A model saved by :meth:`save` or ``retrace`` (docs/index.md)."""
        return cls(_retrace.Model.load(_path(path)))

    def save(self, path) -> None:
        """Writes the model to a file."""
        self._model.save(_path(path))

    @property
    def documents(self) -> int:
        """Distinct texts trained on."""
        return self._model.documents

    def __repr__(self):
        return f"<retrace.Model trained on {self.documents} documents>"


def _path(p):
    import os

    return os.fsdecode(os.fspath(p))


# --- Index -----------------------------------------------------------------------------------


class Index:
    """A persistent index in a folder (docs/index.md): one writer, any number of readers.

        with retrace.Index.create("idx", model=retrace.Model.train(archive)) as ix:
            ix.add(archive)
        with retrace.Index.open("idx") as ix:
            for r in ix.query("text of an article"):
                print(r.source, r.kind)

    The folder is the one ``retrace index`` and ``retrace query`` read and write. A writable
    index holds the writer's lock until :meth:`close` (or the end of the ``with`` block).
    """

    __slots__ = ("_ix",)

    def __init__(self, _ix):
        self._ix = _ix

    @classmethod
    def create(cls, path, *, model, threads=None, same_story=False) -> "Index":
        """A new index in folder path (it must not hold an index) with the model's statistics,
        open for writing. same_story: also store and report same_story relations."""
        if not isinstance(model, Model):
            raise TypeError("model must be a retrace.Model (retrace.Model.train(docs) or retrace.Model.load(path))")
        return cls(_retrace.Index.create(_path(path), model._model, threads, bool(same_story)))

    @classmethod
    def open(cls, path, writable=False, *, threads=None, same_story=False) -> "Index":
        """An existing index; writable=True takes the writer's lock (:class:`Busy` if another
        process holds it)."""
        return cls(_retrace.Index.open(_path(path), bool(writable), threads, bool(same_story)))

    @property
    def path(self) -> str:
        return self._ix.path

    @property
    def closed(self) -> bool:
        return self._ix.closed

    def close(self) -> None:
        """Releases the index (and the writer's lock); later calls raise InvalidInput."""
        self._ix.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def add(self, docs, *, on_problem=None) -> list:
        """Relates new articles (an iterable, consumed one at a time) to the indexed ones and to
        each other, stores them, and returns their new relations. Ids already indexed are left
        out (warned about, or passed to on_problem)."""
        _check_docs(docs)
        rels, problems = self._ix.add(docs)
        _report(problems, on_problem)
        return rels

    def query(self, doc_or_text) -> list:
        """The relations of an article to the indexed ones; adds nothing. doc_or_text: a plain
        str (queried with the id ``query``, as ``retrace query --text``), an article (a dict or
        an object with ``id`` and ``text``), or a list of articles."""
        if isinstance(doc_or_text, str):
            docs = [{"id": "query", "text": doc_or_text}]
        elif isinstance(doc_or_text, (list, tuple)):
            docs = doc_or_text
        else:
            docs = [doc_or_text]
        return self._ix.query(docs)

    def stats(self) -> dict:
        """documents, duplicates, relations, relations_by_kind, segments, postings, disk_bytes,
        model_documents (as ``retrace index stats``)."""
        return self._ix.stats()

    def relations(self) -> list:
        """Every stored relation."""
        return self._ix.relations()

    def remove(self, ids) -> int:
        """Removes articles by id (with their relations); returns how many were removed."""
        if isinstance(ids, str):
            ids = [ids]
        return self._ix.remove(list(ids))

    def compact(self) -> None:
        """Merges the index's segments into one (as ``retrace index compact``)."""
        self._ix.compact()

    def __repr__(self):
        state = "closed" if self.closed else "open"
        return f"<retrace.Index {self.path!r} {state}>"


# --- helpers on relations ----------------------------------------------------------------------


def clusters(relations, order=None) -> list:
    """Groups of documents tied by derived relations (``same_story`` does not join), as
    ``retrace detect --clusters`` writes them (their ``documents``): each group in input order,
    the groups in the order of their first member.

    The input order is ``order`` (an iterable of ids), else that of a :func:`detect` result,
    else the order in which ids first appear in relations.
    """
    if order is None:
        order = getattr(relations, "document_order", None)
    position = {}
    if order is not None:
        for i, doc_id in enumerate(order):
            position.setdefault(doc_id, i)
    parent = {}

    def find(x):
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for r in relations:
        kind, s, c = _kind_ends(r)
        if kind == "same_story":
            continue
        for x in (s, c):
            if x not in parent:
                parent[x] = x
                position.setdefault(x, len(position) + (1 << 62))  # after every known id
        parent[find(s)] = find(c)
    groups = {}
    for x in parent:
        groups.setdefault(find(x), []).append(x)
    out = [sorted(g, key=position.__getitem__) for g in groups.values()]
    out.sort(key=lambda g: position[g[0]])
    return out


def _kind_ends(r):
    if isinstance(r, dict):
        return r.get("relation", r.get("kind")), r["source"], r["copy"]
    return r.kind, r.source, r.copy


_COLUMNS = ["source", "copy", "kind", "direction", "form", "score", "coverage_source", "coverage_copy",
            "coverage_region", "source_date", "copy_date", "source_outlet", "copy_outlet", "passages", "changes"]


def to_dataframe(relations):
    """A pandas DataFrame with one row per relation: source, copy, kind, direction, form, score,
    coverage_source, coverage_copy, coverage_region, source_date, copy_date, source_outlet,
    copy_outlet, and passages and changes (lists of dicts, as in the JSON object). Needs pandas
    (Debian: python3-pandas)."""
    try:
        import pandas as pd
    except ImportError as e:
        raise ImportError("retrace.to_dataframe needs pandas: apt-get install python3-pandas "
                          "(or pip install pandas)") from e
    rows = []
    for r in relations:
        d = r if isinstance(r, dict) else r.to_dict()
        cov = d.get("coverage", {})
        rows.append({
            "source": d["source"], "copy": d["copy"], "kind": d["relation"], "direction": d["direction"],
            "form": d.get("form"), "score": d["score"], "coverage_source": cov.get("source"),
            "coverage_copy": cov.get("copy"), "coverage_region": cov.get("region"),
            "source_date": d.get("source_date"), "copy_date": d.get("copy_date"),
            "source_outlet": d.get("source_outlet"), "copy_outlet": d.get("copy_outlet"),
            "passages": d.get("passages", []), "changes": d.get("changes", []),
        })
    return pd.DataFrame(rows, columns=_COLUMNS)
