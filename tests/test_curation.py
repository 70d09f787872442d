"""Curation: merge, rename, retype, drop and add aliases, applied inside extract_graph."""

from __future__ import annotations

import pytest

from innograph.loaders.curation import Curation, CurationError
from innograph.loaders.document import SourceDocument
from innograph.loaders.extract import extract_graph
from innograph.loaders.text import split_sentences

TEXT = "2月28日，苏州市政府与河海大学签署战略合作框架协议，在相城区共建河海大学苏州研究院。中国工程院院士出席。"


def _doc(text=TEXT):
    return SourceDocument(id="doc:c", path="c.txt", text=text, date="2021-03", sentences=split_sentences(text))


def _write(tmp_path, body: str):
    path = tmp_path / "curation.toml"
    path.write_text(body, encoding="utf-8")
    return Curation.load(path)


def test_load_and_apply(tmp_path):
    cur = _write(tmp_path, """
drop = ["相城区"]

[merge]
"河海" = "河海大学"

[rename]
"河海大学苏州研究院" = "河海大学苏州研究院（相城）"

[retype]
"中国工程院" = "ResearchInstitute"

[aliases]
"河海大学" = ["Hohai University"]
""")
    graph = extract_graph(_doc(), curation=cur)
    ids = {n.id for n in graph.nodes}
    assert "place:相城区" not in ids
    assert all("place:相城区" not in (r.start, r.end) for r in graph.relationships)
    assert "org:河海大学苏州研究院（相城）" in ids and "org:河海大学苏州研究院" not in ids
    renamed = next(n for n in graph.nodes if n.id == "org:河海大学苏州研究院（相城）")
    assert "河海大学苏州研究院" in renamed.properties["aliases"]
    hohai = next(n for n in graph.nodes if n.id == "org:河海大学")
    assert "Hohai University" in hohai.properties["aliases"]
    cae = [n for n in graph.nodes if n.properties.get("name") == "中国工程院"]
    if cae:
        assert cae[0].labels == ["Organization", "ResearchInstitute"]
    # relationships follow the new ids
    assert any(r.start == "org:河海大学苏州研究院（相城）" for r in graph.relationships if r.type == "MENTIONED_IN")


def test_merge_two_nodes_into_one():
    cur = Curation.from_dict({"merge": {"苏州市人民政府": "河海大学"}})
    graph = extract_graph(_doc(), curation=cur)
    assert "org:苏州市人民政府" not in {n.id for n in graph.nodes}
    hohai = next(n for n in graph.nodes if n.id == "org:河海大学")
    assert "苏州市人民政府" in hohai.properties["aliases"]


def test_bad_files(tmp_path):
    with pytest.raises(CurationError):
        _write(tmp_path, "[retype]\n\"x\" = \"Company\"\n")
    with pytest.raises(CurationError):
        _write(tmp_path, "[unknown]\n")
    with pytest.raises(CurationError):
        _write(tmp_path, "not toml = = =")


def test_repr_is_stable_and_empty_is_falsy():
    a = Curation.from_dict({"merge": {"b": "B", "a": "A"}})
    b = Curation.from_dict({"merge": {"a": "A", "b": "B"}})
    assert repr(a) == repr(b)
    assert not Curation()
    assert extract_graph(_doc(), curation=Curation()).sorted() == extract_graph(_doc()).sorted()


def test_shipped_example_loads():
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "loaders" / "dictionaries" / "curation.example.toml"
    assert Curation.load(path) is not None
