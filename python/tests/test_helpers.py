"""retrace.clusters and retrace.to_dataframe."""

import json
import sys

import pytest

import retrace
from conftest import NEWS


def _cli_clusters(cli, tmp_path, *args):
    out = tmp_path / "clusters.jsonl"
    cli("detect", NEWS, "--quiet", "--out", tmp_path / "rels.jsonl", "--clusters", out, *args)
    return [json.loads(line)["documents"] for line in out.read_text().splitlines()]


def test_clusters_are_the_cli_clusters(cli, news, tmp_path):
    rels = retrace.detect(news, same_story=True)
    assert retrace.clusters(rels) == _cli_clusters(cli, tmp_path, "--same-story")
    # Given as dicts, with the input order passed explicitly.
    assert retrace.clusters([r.to_dict() for r in rels], order=[d["id"] for d in news]) == retrace.clusters(rels)


def test_same_story_does_not_join_and_groups_are_connected_components():
    def rel(s, c, kind):
        return {"source": s, "copy": c, "relation": kind}

    rels = [rel("a", "b", "reprint"), rel("c", "d", "same_story"), rel("b", "e", "rewrite"), rel("f", "e", "excerpt"),
            rel("g", "h", "duplicate")]
    assert retrace.clusters(rels) == [["a", "b", "e", "f"], ["g", "h"]]
    assert retrace.clusters(rels, order=["h", "g", "f", "e", "d", "c", "b", "a"]) == [["h", "g"], ["f", "e", "b", "a"]]
    assert retrace.clusters([]) == []


def test_to_dataframe(news):
    pd = pytest.importorskip("pandas")
    rels = retrace.detect(news)
    df = retrace.to_dataframe(rels)
    assert isinstance(df, pd.DataFrame)
    assert len(df) == len(rels)
    assert list(df.columns[:6]) == ["source", "copy", "kind", "direction", "form", "score"]
    assert df["kind"].value_counts().to_dict() == {"duplicate": 3, "excerpt": 3, "reprint": 5, "rewrite": 4}
    row = df[df["copy"] == "np-90212"].iloc[0]
    assert (row["source"], row["kind"], row["form"]) == ("hch-2204", "rewrite", "whole")
    assert row["changes"] == rels[[r.copy for r in rels].index("np-90212")].to_dict()["changes"]
    assert df["score"].dtype.kind == "f"
    assert len(retrace.to_dataframe([])) == 0


def test_to_dataframe_without_pandas_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="needs pandas: apt-get install python3-pandas"):
        retrace.to_dataframe([])


def test_the_stubs_name_every_public_name():
    import ast
    import os

    stub = os.path.join(os.path.dirname(retrace.__file__), "__init__.pyi")
    tree = ast.parse(open(stub, encoding="utf-8").read())
    names = {n.name for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef))}
    names |= {t.id for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign))
              for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)}
    assert set(retrace.__all__) <= names
    assert os.path.exists(os.path.join(os.path.dirname(stub), "py.typed"))
