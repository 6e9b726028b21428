"""retrace.read: the articles of the inputs ``retrace detect`` reads, as dicts, one at a time.

JSON Lines, a JSON array (a file whose first character is ``[``), CSV/TSV (by the name
``.csv``/``.tsv``, also ``.csv.gz`` ...), a folder of ``.txt`` files, or ``-`` (standard
input); gzip, zstd, bzip2 or xz compressed, recognised from the first bytes as the CLI does.
zstd uses Debian's python3-zstandard, else the ``zstd`` command.
"""

from __future__ import annotations

import io
import json
import os
import sys
import warnings
from collections import Counter

# bz2, csv, gzip, lzma, shutil, subprocess and zstandard are imported when an input needs them.

from ._errors import InvalidInput, IOError, SkippedRecord

_MESSAGES_PER_REASON = 20


def read(path, *, id_field="id", text_field="text", date_field="date", strict=False, max_text_bytes=10 << 20):
    """Yields the articles of one input as dicts, in input order.

    Each dict is the record with all its fields, and ``id``, ``text`` and (if present) ``date``
    taken from ``id_field``, ``text_field`` and ``date_field`` (a field name, or a dotted path
    into nested objects such as ``meta.guid``; for CSV/TSV a column name). A folder of ``.txt``
    files gives ``{"id": path inside the folder without .txt, "text": ...}``.

    A record that cannot be used (not JSON, no id or text, a text that is not a string) is
    skipped with a :class:`SkippedRecord` warning naming ``FILE:LINE``, as the CLI skips it; with
    ``strict=True`` it raises :class:`InvalidInput` instead. A missing input raises
    :class:`IOError`; a corrupt compressed stream :class:`InvalidInput` naming the file.
    """
    reader = _Reader(id_field, text_field, date_field, strict, max_text_bytes)
    p = os.fsdecode(os.fspath(path))
    if p != "-" and os.path.isdir(p):
        return reader.folder(p)
    if p != "-" and not os.path.exists(p):
        raise IOError(f"{p}: no such file or folder")
    if p != "-" and not os.access(p, os.R_OK):
        raise IOError(f"{p}: cannot be read (permission denied)")
    return reader.file(p)


class _Reader:
    def __init__(self, id_field, text_field, date_field, strict, max_text_bytes):
        self.fields = (id_field, text_field, date_field)
        self.plain = self.fields == ("id", "text", "date")
        self.strict = strict
        self.max_text_bytes = max_text_bytes
        self.counts = Counter()

    def skip(self, where, reason, detail=""):
        msg = f"{where}: {reason}" + (f": {detail}" if detail else "")
        if self.strict:
            raise InvalidInput(msg)
        self.counts[reason] += 1
        if self.counts[reason] <= _MESSAGES_PER_REASON:
            warnings.warn("skipped " + msg, SkippedRecord, stacklevel=3)

    # -- records -----------------------------------------------------------------------------

    @staticmethod
    def lookup(obj, path):
        if path in obj:
            return obj[path]
        cur = obj
        for key in path.split("."):
            if not isinstance(cur, dict) or key not in cur:
                return None
            cur = cur[key]
        return cur

    def _usual(self, obj):
        doc_id, text, date = obj.get("id"), obj.get("text"), obj.get("date")
        return (type(doc_id) is str and doc_id != "" and type(text) is str and len(text) <= self.max_text_bytes // 4
                and (date is None or type(date) is str))

    def record(self, obj, where):
        """The article of one JSON object or CSV row, or None (skipped)."""
        if not isinstance(obj, dict):
            return self.skip(where, "not an object", f"a JSON {type(obj).__name__}, not an object")
        if self.plain and self._usual(obj):  # the record is the article as it is
            return obj
        id_field, text_field, date_field = self.fields
        doc_id = self.lookup(obj, id_field)
        text = self.lookup(obj, text_field)
        if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)) or doc_id == "":
            return self.skip(where, "missing id", f"no \"{id_field}\" string or integer")
        if not isinstance(text, str):
            return self.skip(where, "missing text", f"no \"{text_field}\" string")
        if len(text) > self.max_text_bytes // 4 and len(text.encode("utf-8", "surrogatepass")) > self.max_text_bytes:
            return self.skip(where, "text too large", f"{len(text.encode('utf-8', 'surrogatepass'))} bytes")
        doc = dict(obj)
        doc["id"] = str(doc_id)
        doc["text"] = text
        date = self.lookup(obj, date_field)
        if isinstance(date, (str, int)) and not isinstance(date, bool):
            doc["date"] = str(date)
        elif "date" in doc and date_field != "date":
            del doc["date"]
        return doc

    # -- files -------------------------------------------------------------------------------

    def file(self, path):
        name = "standard input" if path == "-" else path
        raw = sys.stdin.buffer if path == "-" else open(path, "rb")
        stream = text = None
        try:
            stream = _decompressed(raw, name)
            base = os.path.basename(path).lower()
            try:
                if _is_csv_name(base):
                    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
                    yield from self.csv(text, name, "\t" if ".tsv" in base else ",")
                elif _peek_nonspace(stream) == "[":
                    text = io.TextIOWrapper(stream, encoding="utf-8-sig")
                    yield from self.json_array(text, name)
                else:
                    yield from self.json_lines(stream, name)
            except InvalidInput:
                raise
            except (OSError, EOFError, ValueError) + _stream_errors() as e:
                raise InvalidInput(f"{name}: cannot be read: {e}") from e
        finally:
            if text is not None:
                text.detach()
            if stream is not None and stream is not raw:
                stream.close()
            if path != "-":
                raw.close()

    def json_lines(self, stream, name):
        loads, plain, usual = json.loads, self.plain, self._usual
        for lineno, line in enumerate(stream, 1):  # bytes, split at \n only
            try:
                obj = loads(line)
            except UnicodeDecodeError:
                self.skip(f"{name}:{lineno}", "invalid UTF-8", "bytes that are not UTF-8")
                continue
            except ValueError as e:
                if not line.strip():
                    continue
                self.skip(f"{name}:{lineno}", "not JSON", getattr(e, "msg", str(e)))
                continue
            if plain and type(obj) is dict and usual(obj):  # the record is the article as it is
                yield obj
                continue
            doc = self.record(obj, f"{name}:{lineno}")
            if doc is not None:
                yield doc

    def json_array(self, text, name):
        try:
            items = json.loads(text.read())
        except json.JSONDecodeError as e:
            raise InvalidInput(f"{name}:{e.lineno}: not a JSON array: {e.msg}") from e
        if not isinstance(items, list):
            raise InvalidInput(f"{name}:1: not a JSON array")
        for i, obj in enumerate(items, 1):
            doc = self.record(obj, f"{name}: element {i}")
            if doc is not None:
                yield doc

    def csv(self, text, name, sep):
        import csv

        rows = csv.reader(text, delimiter=sep)
        try:
            header = next(rows)
        except StopIteration:
            return
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
        for row in rows:
            if not row:
                continue
            where = f"{name}:{rows.line_num}"
            if len(row) != len(header):
                self.skip(where, "bad row", f"{len(row)} fields, the header has {len(header)}")
                continue
            doc = self.record(dict(zip(header, row)), where)
            if doc is not None:
                yield doc

    # -- folders -----------------------------------------------------------------------------

    def folder(self, top):
        files = []

        def walk(d):
            try:
                entries = list(os.scandir(d))
            except OSError as e:
                return self.skip(d, "unreadable entry", f"folder cannot be read: {e.strerror}")
            for e in entries:
                if e.is_dir(follow_symlinks=False):
                    walk(e.path)
                elif e.name.endswith(".txt"):
                    try:
                        if e.is_file():
                            files.append(e.path)
                    except OSError as err:
                        self.skip(e.path, "unreadable entry", err.strerror)

        walk(top)
        files.sort(key=lambda f: os.path.relpath(f, top).split(os.sep))
        for f in files:
            rel = os.path.relpath(f, top)
            doc_id = rel[: -len(".txt")].replace(os.sep, "/")
            try:
                with open(f, "rb") as fh:
                    data = fh.read()
            except OSError as e:
                self.skip(f, "unreadable file", e.strerror)
                continue
            if data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252", errors="replace")
                warnings.warn(f"note: {f}: not UTF-8: decoded as Windows-1252", SkippedRecord, stacklevel=2)
            if not text.strip():
                self.skip(f, "empty text")
                continue
            yield {"id": doc_id, "text": text}


def _is_csv_name(base):
    """As the CLI: .csv or .tsv at the end of the name or before another extension (.csv.gz)."""
    for ext in (".csv", ".tsv"):
        i = base.find(ext)
        while i != -1:
            if i + 4 == len(base) or base[i + 4] == ".":
                return True
            i = base.find(ext, i + 1)
    return False


def _peek_nonspace(stream):
    """The first character other than white space (or a byte order mark) of a buffered
    stream, without consuming it."""
    head = stream.peek(4096)[:4096]
    return head.lstrip(b" \t\r\n\xef\xbb\xbf")[:1].decode("ascii", errors="replace")


def _stream_errors():
    """The exception classes of the decompressors loaded so far."""
    errors = []
    if "lzma" in sys.modules:
        errors.append(sys.modules["lzma"].LZMAError)
    z = sys.modules.get("zstandard")
    if z is not None:
        errors.append(z.ZstdError)
    return tuple(errors)


def _decompressed(raw, name):
    """The stream's bytes, decompressed if its first bytes say gzip, zstd, bzip2 or xz."""
    if not hasattr(raw, "peek"):
        raw = io.BufferedReader(raw)
    head = raw.peek(6)[:6]
    if head.startswith(b"\x1f\x8b"):
        import gzip

        return io.BufferedReader(gzip.GzipFile(fileobj=raw))
    if head.startswith(b"BZh"):
        import bz2

        return io.BufferedReader(bz2.BZ2File(raw))
    if head.startswith(b"\xfd7zXZ\x00"):
        import lzma

        return io.BufferedReader(lzma.LZMAFile(raw))
    if head.startswith(b"\x28\xb5\x2f\xfd"):
        return _zstd(raw, name)
    return raw


def _zstd(raw, name):
    try:
        import zstandard
    except ImportError:
        zstandard = None
    if zstandard is not None:
        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True))
    import shutil

    exe = shutil.which("zstd")
    if exe is None:
        raise InvalidInput(f"{name}: zstd compressed, but neither python3-zstandard nor the zstd command is installed")
    return io.BufferedReader(_ZstdProcess(exe, raw, name))


class _ZstdProcess(io.RawIOBase):
    """zstd -dc fed from a thread: the decompressed bytes as a stream."""

    def __init__(self, exe, raw, name):
        import subprocess
        import threading

        self.name_ = name
        self.proc = subprocess.Popen([exe, "-dcq"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)

        def feed():
            try:
                while True:
                    chunk = raw.read(1 << 16)
                    if not chunk:
                        break
                    self.proc.stdin.write(chunk)
            except (BrokenPipeError, ValueError):
                pass
            finally:
                try:
                    self.proc.stdin.close()
                except OSError:
                    pass

        self.feeder = threading.Thread(target=feed, daemon=True)
        self.feeder.start()

    def readable(self):
        return True

    def readinto(self, b):
        n = self.proc.stdout.readinto(b)
        if n == 0:
            self.proc.wait()
            if self.proc.returncode != 0:
                err = self.proc.stderr.read().decode(errors="replace").strip()
                raise InvalidInput(f"{self.name_}: corrupt zstd stream: {err}")
        return n

    def close(self):
        if not self.closed:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
            self.proc.stdout.close()
            self.proc.stderr.close()
        super().close()
