"""Bad input raises retrace.Error subclasses whose messages say where."""

import warnings

import pytest

import retrace


def test_the_error_hierarchy():
    assert issubclass(retrace.InvalidInput, retrace.Error) and issubclass(retrace.InvalidInput, ValueError)
    assert issubclass(retrace.IOError, retrace.Error) and issubclass(retrace.IOError, OSError)
    assert issubclass(retrace.Busy, retrace.Error) and not issubclass(retrace.Busy, ValueError)
    assert issubclass(retrace.Internal, retrace.Error)


def test_a_record_without_id_names_its_position():
    docs = iter([{"id": "a", "text": "one"}, {"id": "b", "text": "two"}, {"text": "three"}])
    with pytest.raises(retrace.InvalidInput, match=r"^record 3: no 'id'"):
        retrace.detect(docs)


def test_a_record_without_text_names_its_position_and_id():
    with pytest.raises(ValueError, match=r"^record 2 \(id 'b'\): no 'text'"):
        retrace.detect([{"id": "a", "text": "one"}, {"id": "b", "title": "no text"}])


def test_a_field_of_the_wrong_type():
    with pytest.raises(retrace.InvalidInput, match=r"record 1 \(id 'a'\): 'text' is list, not str"):
        retrace.detect([{"id": "a", "text": ["not", "a", "str"]}])
    with pytest.raises(retrace.InvalidInput, match=r"record 1: 'id' is float"):
        retrace.Model.train([{"id": 1.5, "text": "x"}])


def test_integer_ids_and_dates_are_taken_as_the_cli_takes_them():
    rels = retrace.detect([{"id": 7, "text": "The council voted to close the bridge for eight months of repairs.",
                            "date": 1756893600},
                           {"id": 8, "text": "The council voted to close the bridge for eight months of repairs.",
                            "date": "2025-09-04"}])
    assert [(r.source, r.copy, r.kind) for r in rels] == [("7", "8", "duplicate")]


def test_an_error_raised_by_the_iterable_reaches_the_caller():
    def gen():
        yield {"id": "a", "text": "one"}
        raise KeyError("the feed broke")

    with pytest.raises(KeyError, match="the feed broke"):
        retrace.detect(gen())
    with pytest.raises(KeyError):
        retrace.Model.train(gen())


def test_a_str_or_one_article_is_not_a_corpus():
    with pytest.raises(TypeError, match="iterable of dicts"):
        retrace.detect("some text")
    with pytest.raises(TypeError, match="one article"):
        retrace.detect({"id": "a", "text": "x"})
    with pytest.raises(retrace.InvalidInput, match="record 1 is a str"):
        retrace.detect(["some text"])


def test_bad_arguments():
    with pytest.raises(retrace.InvalidInput, match="threads must be 1 to 256"):
        retrace.detect([], threads=0)
    with pytest.raises(retrace.InvalidInput, match="no usable article"):
        retrace.Model.train([{"id": "a", "text": "  "}])
    with pytest.raises(TypeError, match="retrace.Model"):
        retrace.Index.create("/nonexistent", model=None)


def test_files_that_cannot_be_used_are_named(tmp_path):
    with pytest.raises(retrace.InvalidInput, match="nothing-here/m.bin"):
        retrace.Model.load(tmp_path / "nothing-here" / "m.bin")
    with pytest.raises(retrace.InvalidInput, match=r"not a retrace index"):
        retrace.Index.open(tmp_path)
    with pytest.raises(retrace.IOError, match="no-such.jsonl: no such file"):
        list(retrace.read(tmp_path / "no-such.jsonl"))


def test_a_second_writer_is_busy(tmp_path, cli):
    model = retrace.Model.train([{"id": "a", "text": "The council voted to close the bridge."}])
    with retrace.Index.create(tmp_path / "ix", model=model) as ix:
        with pytest.raises(retrace.Busy, match="another process is writing"):
            retrace.Index.open(tmp_path / "ix", writable=True)
        p = cli("index", "add", tmp_path / "ix", "-", stdin='{"id": "b", "text": "x y z"}\n', check=False)
        assert p.returncode != 0 and "another process is writing" in p.stderr
        assert retrace.Index.open(tmp_path / "ix").stats()["documents"] == 0  # readers never wait
    assert ix.closed
    with pytest.raises(retrace.InvalidInput, match="closed"):
        ix.stats()
    retrace.Index.open(tmp_path / "ix", writable=True).close()  # the lock went with close()


def test_records_left_out_are_warned_about_with_their_id():
    docs = [{"id": "a", "text": "  "}, {"id": "b", "text": "The bridge will close."},
            {"id": "b", "text": "again"}, {"id": "c", "text": "The bridge.", "date": "2025-02-31"}]
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        retrace.detect(docs)
    messages = [str(x.message) for x in w if x.category is retrace.SkippedRecord]
    assert messages == ["skipped a: empty text", "skipped b: duplicate id: the first article with it is kept",
                        "note c: unreadable date: 2025-02-31 (ignored)"]
    seen = []
    retrace.detect(docs, on_problem=lambda *p: seen.append(p))
    assert seen[0] == ("a", "empty text", "")
    assert len(seen) == 3
