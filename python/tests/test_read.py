"""retrace.read gives the articles of every input the CLI reads: detect on them gives the CLI's
relations for the same file."""

import bz2
import csv
import gzip
import json
import lzma
import os
import subprocess
import sys

import pytest

import retrace
from conftest import NEWS, objects


def _write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


def _jsonl(news):
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in news).encode()


def _same_as_cli(cli, path, *cli_args, **read_args):
    got = list(retrace.read(path, **read_args))
    expected = objects(cli("detect", path, "--quiet", *cli_args).stdout)
    assert expected, "the CLI found nothing"
    assert objects(retrace.detect(got)) == expected
    return got


def test_json_lines_as_is(cli, news):
    got = _same_as_cli(cli, NEWS)
    assert got == news  # every field kept


@pytest.mark.parametrize("name,pack", [("news.jsonl.gz", gzip.compress), ("news.jsonl.bz2", bz2.compress),
                                       ("news.jsonl.xz", lzma.compress), ("news.data", gzip.compress)])
def test_compressed_json_lines(cli, news, tmp_path, name, pack):
    # The format comes from the first bytes, not the name.
    _same_as_cli(cli, _write(tmp_path / name, pack(_jsonl(news))))


def test_zstd_through_python3_zstandard_and_through_the_command(cli, news, tmp_path, monkeypatch):
    path = tmp_path / "news.jsonl.zst"
    subprocess.run(["zstd", "-q", "-o", str(path)], input=_jsonl(news), check=True)
    _same_as_cli(cli, path)
    monkeypatch.setitem(sys.modules, "zstandard", None)  # as if python3-zstandard were absent
    assert list(retrace.read(path)) == news


def test_a_json_array(cli, news, tmp_path):
    path = _write(tmp_path / "news.json", ("  \n" + json.dumps(news, indent=1)).encode())
    assert _same_as_cli(cli, path) == news


@pytest.mark.parametrize("name,sep", [("news.csv", ","), ("news.tsv", "\t"), ("news.csv.gz", ",")])
def test_csv_and_tsv(cli, news, tmp_path, name, sep):
    path = tmp_path / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "wt", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=sep)
        w.writerow(["id", "date", "source", "title", "text"])
        for d in news:
            w.writerow([d["id"], d["date"], d["source"], d["title"], d["text"]])
    got = _same_as_cli(cli, path)
    assert [d["id"] for d in got] == [d["id"] for d in news]


def test_a_folder_of_txt_files(cli, news, tmp_path):
    top = tmp_path / "texts"
    for i, d in enumerate(news):
        sub = top / ("a" if i % 2 else "b")
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{d['id']}.txt").write_text(d["text"], encoding="utf-8")
    (top / "notes.md").write_text("not a .txt file")
    got = _same_as_cli(cli, top)
    assert len(got) == 40 and all(d["id"][:2] in ("a/", "b/") for d in got)
    assert sorted(d["id"].split("/")[1] for d in got) == sorted(d["id"] for d in news)


def test_fields_by_dotted_path(cli, news, tmp_path):
    nested = [{"meta": {"guid": d["id"], "published": d["date"]}, "body": d["text"], "source": d["source"]} for d in news]
    path = _write(tmp_path / "nested.jsonl", _jsonl(nested))
    args = dict(id_field="meta.guid", text_field="body", date_field="meta.published")
    got = _same_as_cli(cli, path, "--id-field", "meta.guid", "--text-field", "body", "--date-field", "meta.published",
                       **args)
    assert got[0]["id"] == news[0]["id"] and got[0]["date"] == news[0]["date"] and got[0]["meta"]


def test_bad_records_are_skipped_naming_file_and_line(tmp_path):
    path = _write(tmp_path / "bad.jsonl", b'{"id": "a", "text": "one"}\nnot json\n\n{"text": "no id"}\n'
                                          b'{"id": "b", "text": 5}\n[1]\n{"id": "c", "text": "three"}\n')
    with pytest.warns(retrace.SkippedRecord) as w:
        got = list(retrace.read(path))
    assert [d["id"] for d in got] == ["a", "c"]
    messages = [str(x.message) for x in w]
    assert messages[0].startswith(f"skipped {path}:2: not JSON")
    assert messages[1] == f"skipped {path}:4: missing id: no \"id\" string or integer"
    assert messages[2] == f"skipped {path}:5: missing text: no \"text\" string"
    assert messages[3].startswith(f"skipped {path}:6: not an object")
    with pytest.raises(retrace.InvalidInput, match=rf"^{path}:2: not JSON"):
        list(retrace.read(path, strict=True))


def test_a_corrupt_stream_names_the_file(tmp_path, news):
    data = gzip.compress(_jsonl(news))
    path = _write(tmp_path / "cut.jsonl.gz", data[: len(data) // 2])
    with pytest.raises(retrace.InvalidInput, match="cut.jsonl.gz: cannot be read"):
        list(retrace.read(path))


def test_standard_input(news, tmp_path):
    code = "import retrace, json; print(json.dumps([d['id'] for d in retrace.read('-')]))"
    p = subprocess.run([sys.executable, "-c", code], input=gzip.compress(_jsonl(news)), capture_output=True, check=True)
    assert json.loads(p.stdout) == [d["id"] for d in news]
