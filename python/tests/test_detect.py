"""retrace.detect against the CLI, streaming, and the Relation objects."""

import dataclasses
import threading
import time

import pytest

import retrace
from conftest import NEWS, objects


def test_detect_on_the_example_corpus_gives_the_cli_relations(cli, news):
    expected = objects(cli("detect", NEWS, "--quiet", "--threads", "2").stdout)
    got = retrace.detect(news, threads=2)
    assert len(got) == 15
    assert objects(got) == expected


def test_same_story_as_the_cli(cli, news):
    expected = objects(cli("detect", NEWS, "--quiet", "--same-story").stdout)
    got = retrace.detect(iter(news), same_story=True)
    assert objects(got) == expected
    assert any(r.kind == "same_story" for r in got)


def test_the_order_is_the_cli_order(cli, news):
    expected = [line for line in cli("detect", NEWS, "--quiet").stdout.splitlines()]
    assert [r.json for r in retrace.detect(news)] == expected


def test_a_generator_is_consumed_one_record_at_a_time(news):
    pulled = []

    def gen():
        for d in news:
            pulled.append(d["id"])
            yield d

    rels = retrace.detect(gen())
    assert pulled == [d["id"] for d in news]
    assert rels.document_order == [d["id"] for d in news]


def test_objects_with_attributes_are_articles(news):
    @dataclasses.dataclass
    class Story:
        id: str
        text: str
        date: str = None
        source: str = None
        title: str = None
        url: str = None

    stories = [Story(d["id"], d["text"], d.get("date"), d.get("source"), d.get("title"), d.get("url")) for d in news]
    assert objects(retrace.detect(stories)) == objects(retrace.detect(news))


def test_relation_attributes_are_the_json_fields(news):
    rels = retrace.detect(news)
    kinds = set()
    for r in rels:
        d = r.to_dict()
        kinds.add(r.kind)
        assert (r.source, r.copy, r.kind, r.relation, r.direction) == (
            d["source"], d["copy"], d["relation"], d["relation"], d["direction"])
        assert r.form == d.get("form")
        assert r.score == pytest.approx(d["score"])
        assert r.coverage_source == pytest.approx(d["coverage"]["source"])
        assert r.coverage_copy == pytest.approx(d["coverage"]["copy"])
        assert r.coverage_region == d["coverage"].get("region")
        assert (r.source_date, r.copy_date) == (d.get("source_date"), d.get("copy_date"))
        assert (r.source_outlet, r.copy_outlet) == (d.get("source_outlet"), d.get("copy_outlet"))
        assert [(p.source, p.copy, p.kind) for p in r.passages] == [
            (tuple(p["source"]), tuple(p["copy"]), p["kind"]) for p in d["passages"]]
        for c, dc in zip(r.changes, d["changes"], strict=True):
            assert c.kind == dc["kind"]
            assert c.copy == (tuple(dc["copy"]) if dc["copy"] else None)
            assert c.source == (tuple(dc["source"]) if dc["source"] else None)
            assert (c.copy_text, c.source_text) == (dc["copy_text"], dc["source_text"])
        assert r == r and hash(r) == hash(r)
        assert r.source in repr(r)
    assert kinds == {"duplicate", "reprint", "excerpt", "rewrite"}


def test_offsets_are_code_points_into_the_texts(news):
    texts = {d["id"]: d["text"] for d in news}
    for r in retrace.detect(news):
        for c in r.changes:
            if c.copy is not None:
                assert texts[r.copy][c.copy[0]:c.copy[1]] == c.copy_text
            if c.source is not None:
                assert texts[r.source][c.source[0]:c.source[1]] == c.source_text


def test_a_model_trained_in_python_is_the_cli_model(cli, news, tmp_path):
    model = retrace.Model.train(iter(news))
    assert model.documents == 38  # 40 articles, two exact duplicates
    model.save(tmp_path / "m.bin")
    loaded = retrace.Model.load(str(tmp_path / "m.bin"))
    assert loaded.documents == 38
    expected = objects(cli("detect", NEWS, "--quiet", "--model", tmp_path / "m.bin").stdout)
    assert objects(retrace.detect(news, model=loaded)) == expected


def test_detect_releases_the_gil(bbc):
    corpus = list(retrace.read(bbc))
    done = threading.Event()
    out = {}

    def work():
        out["rels"] = retrace.detect(corpus, threads=1)
        done.set()

    t = threading.Thread(target=work)
    start = time.monotonic()
    t.start()
    ticks = 0
    while not done.is_set():
        time.sleep(0.005)
        ticks += 1
    t.join()
    elapsed = time.monotonic() - start
    assert out["rels"] is not None
    assert elapsed > 0.5, elapsed  # long enough to tell
    # A held GIL would let this loop run about once; released, it runs every 5 ms or so.
    assert ticks > elapsed / 0.005 / 4, (ticks, elapsed)


def test_the_version():
    assert retrace.__version__ == retrace.version()
    assert retrace.version().count(".") == 2


def test_progress_counts_the_records_read_on_stderr(news, capsys):
    rels = retrace.detect(iter(news), progress=True)
    assert len(rels) == 15
    assert "retrace: read 40 articles" in capsys.readouterr().err


def test_dataframe_rows_are_articles_and_missing_values_are_none(news):
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(news)  # one article has no url: NaN in its row
    expected = objects(retrace.detect(news))
    assert objects(retrace.detect(df.itertuples(index=False))) == expected
    assert objects(retrace.detect(df.to_dict("records"))) == expected
