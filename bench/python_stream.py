#!/usr/bin/env python3
"""python_stream.py — retrace's Python module on a generated stream, for bench/python.sh.

    python_stream.py stream   --n N [--seed S] [--threads T]   retrace.detect(generator)
    python_stream.py list     --n N [--seed S] [--threads T]   retrace.detect(list(generator))
    python_stream.py generate --n N [--seed S]                 the generator alone, no detect
    python_stream.py file PATH [--threads T]                   retrace.detect(retrace.read(PATH))

The generator is bench/gen_corpus.py's (BBC sentences reassembled and varied, with planted
duplicates, reprints, excerpts and rewrites; the same seed gives the articles of
`gen_corpus.py --n N --seed S`), yielding one dict at a time: `stream` never holds a Python list
of the articles. Prints one JSON object: articles, relations, seconds, peak_rss_bytes (this
process, getrusage) and the sha1 of the relations' JSON lines sorted (to compare with the CLI's
output for the same corpus).
"""
import argparse
import hashlib
import json
import os
import resource
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def generator(n, seed):
    import gen_corpus

    args = argparse.Namespace(n=n, seed=seed, corpora=gen_corpus.DEFAULT_CORPORA, duplicate=0.02, reprint=0.02,
                              excerpt=0.02, rewrite=0.02, pool=200000, vary_rate=0.25, vary_window=40,
                              no_vary=False, check=False, quiet=True, zstd=False, out=None)
    return gen_corpus.Generator(args).articles()


def digest(rels):
    h = hashlib.sha1()
    for line in sorted(r.json for r in rels):
        h.update(line.encode("utf-8") + b"\n")
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=["stream", "list", "generate", "file"])
    ap.add_argument("path", nargs="?")
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()

    t0 = time.monotonic()
    out = {"mode": a.mode}
    if a.mode == "generate":
        count = text_bytes = 0
        for d in generator(a.n, a.seed):
            count += 1
            text_bytes += len(d["text"])
        out.update(articles=count, text_bytes=text_bytes)
    else:
        import retrace

        if a.mode == "file":
            docs = retrace.read(a.path)
        elif a.mode == "stream":
            docs = generator(a.n, a.seed)
        else:
            docs = list(generator(a.n, a.seed))
        rels = retrace.detect(docs, threads=a.threads)
        out.update(articles=len(rels.document_order), relations=len(rels), sha1=digest(rels))
    out["seconds"] = round(time.monotonic() - t0, 2)
    out["peak_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(out))


if __name__ == "__main__":
    main()
