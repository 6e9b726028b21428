"""retrace.Index: built in Python and read by the CLI, built by the CLI and read in Python."""

import json

import pytest

import retrace
from conftest import NEWS, objects


def _text(news, doc_id):
    return next(d["text"] for d in news if d["id"] == doc_id)


def test_an_index_built_in_python_is_read_by_the_cli(cli, news, tmp_path):
    ix_dir = tmp_path / "ix"
    model = retrace.Model.train(news)
    with retrace.Index.create(ix_dir, model=model, threads=2) as ix:
        added = ix.add(iter(news[:30]))
        added += ix.add(d for d in news[30:])
        stats = ix.stats()
        assert stats["documents"] == 40 and stats["segments"] == 2
        stored = ix.relations()
    cli_stats = json.loads(cli("index", "stats", ix_dir).stdout)
    # disk_bytes aside: the SQLite log is folded in when the writer closes.
    assert {k: v for k, v in cli_stats.items() if k != "disk_bytes"} == {
        k: v for k, v in stats.items() if k != "disk_bytes"}
    assert cli_stats["model_documents"] == 38
    assert objects(cli("index", "export", ix_dir, "--out", "-").stdout) == objects(stored)
    # The CLI's query of a reprint finds its source in the Python-built index.
    found = cli("query", ix_dir, "--text", "-", stdin=_text(news, "eg-0612")).stdout
    assert any(o["source"] == "cpa-4105" or o["source"] == "eg-0612" for o in map(json.loads, found.splitlines()))


def test_an_index_built_by_the_cli_is_read_in_python(cli, news, tmp_path):
    ix_dir = tmp_path / "ix"
    archive = tmp_path / "archive.jsonl"  # all but one rewrite, queried below
    archive.write_text("".join(json.dumps(d) + "\n" for d in news if d["id"] != "np-90212"))
    cli("index", "create", ix_dir, "--train", archive)
    cli("index", "add", ix_dir, archive)
    with retrace.Index.open(ix_dir) as ix:
        assert ix.stats() == json.loads(cli("index", "stats", ix_dir).stdout)
        assert objects(ix.relations()) == objects(cli("index", "export", ix_dir, "--out", "-").stdout)
        # A plain text, as `retrace query --text`: the id is "query".
        text = _text(news, "nc-1302")
        expected = objects(cli("query", ix_dir, "--text", "-", stdin=text).stdout)
        got = ix.query(text)
        assert got and objects(got) == expected
        assert all(r.copy == "query" or r.source == "query" for r in got)
        # An article: a dict, or a list of them.
        article = {"id": "np-new", "text": _text(news, "np-90212"), "date": "2026-02-01", "source": "New Paper"}
        one = ix.query(article)
        assert any(r.source == "hch-2204" and r.kind == "rewrite" for r in one), one
        assert objects(ix.query([article])) == objects(one)


def test_add_remove_compact(cli, news, tmp_path):
    ix_dir = tmp_path / "ix"
    with retrace.Index.create(ix_dir, model=retrace.Model.train(news)) as ix:
        rels = ix.add(news)
        assert objects(rels) == objects(ix.relations())
        with pytest.warns(retrace.SkippedRecord, match="already indexed"):
            assert ix.add(news[:3]) == []
        assert ix.remove(["md-5501", "no-such-id"]) == 1
        assert ix.remove("md-5501") == 0
        ix.compact()
        stats = ix.stats()
        assert stats["documents"] == 39 and stats["segments"] == 1
        assert all("md-5501" not in (r.source, r.copy) for r in ix.relations())
    assert json.loads(cli("index", "stats", ix_dir).stdout)["documents"] == 39
    assert "closed" in repr(ix)


def test_a_read_only_index_refuses_to_add(news, tmp_path):
    retrace.Index.create(tmp_path / "ix", model=retrace.Model.train(news)).close()
    with retrace.Index.open(tmp_path / "ix") as ix:
        with pytest.raises(retrace.Error):
            ix.add(news[:1])
