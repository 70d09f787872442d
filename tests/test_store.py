"""The store contract on both stores: write, replace, delete, search, persist."""

from __future__ import annotations

from pathlib import Path

import pytest

from innograph.graph.model import Node

from graphs import LAB, NANHANG, SUZHOU, XIANGCHENG, other_document, signing_document


def facts(store):
    g = store.export().sorted()
    return g.model_dump()


def test_write_counts_and_provenance(store):
    store.write(signing_document())
    counts = store.counts()
    assert counts["nodes"]["University"] == 1
    assert counts["nodes"]["SigningEvent"] == 1
    assert counts["nodes"]["District"] == 2
    assert counts["relationships"]["PARTY_TO"] == 2
    assert counts["relationships"]["MENTIONED_IN"] == 5
    for rel in store.export().relationships:
        for key in ("doc", "evidence", "extractor", "confidence"):
            assert rel.properties.get(key) not in (None, ""), (rel, key)


def test_rewriting_same_document_changes_nothing(store):
    store.write(signing_document())
    before = facts(store)
    store.write(signing_document())
    assert facts(store) == before


def test_changed_document_replaces_only_its_facts(store):
    store.write(signing_document())
    store.write(other_document())
    store.write(signing_document(sha="sha-2", lab_name="南航智能制造联合实验室"))
    ids = {n.id for n in store.export().nodes}
    assert LAB not in ids, "the old lab was only stated by the replaced version"
    assert "org:南航智能制造联合实验室" in ids
    # The other document's facts are untouched.
    mentions = [r for r in store.mentions() if r.end == "doc:other"]
    assert {r.start for r in mentions} == {NANHANG, SUZHOU}


def test_delete_document_keeps_facts_other_documents_state(store):
    store.write(signing_document())
    store.write(other_document())
    assert store.delete_document("doc:signing") is True
    ids = {n.id for n in store.export().nodes}
    assert NANHANG in ids and SUZHOU in ids
    assert XIANGCHENG not in ids and LAB not in ids
    assert store.counts()["relationships"].get("PARTY_TO", 0) == 0
    assert store.delete_document("doc:signing") is False


def test_delete_document_refuses_an_entity_id(store):
    """Only a Document is deleted by id: an entity's id is 'no such document', and nothing changes."""
    store.write(signing_document())
    before = store.export().sorted()
    version = store.version()
    assert store.delete_document(NANHANG) is False
    assert store.export().sorted() == before and store.version() == version


def test_aliases_follow_remaining_mentions(store):
    store.write(signing_document())
    assert store.node(XIANGCHENG).properties["aliases"] == ["相城"]
    store.write(other_document())
    store.delete_document("doc:signing")
    assert store.node(NANHANG).properties["aliases"] == ["南航"]
    assert store.node(SUZHOU).properties["aliases"] == []


def test_search_chinese_substring_and_alias(store):
    store.write(signing_document())
    assert [n.id for n in store.search("航空航天")] == [NANHANG]
    assert [n.id for n in store.search("南航")][0] == NANHANG
    assert store.search("相城", types=["University"]) == []
    assert [n.id for n in store.search("相城", types=["District"])] == [XIANGCHENG]


def test_persists_across_reopen(tmp_path):
    from innograph.graph.ladybug_store import LadybugStore

    with LadybugStore(tmp_path / "d") as store:
        store.write(signing_document())
        before = facts(store)
    with LadybugStore(tmp_path / "d") as store:
        assert facts(store) == before
        assert store.document_fingerprint("doc:signing") is None  # no fingerprint was given


def test_version_moves_on_write(store):
    v0 = store.version()
    store.write(signing_document())
    assert store.version() > v0


def test_unknown_relationship_endpoint_kind_is_refused_naming_the_document(store):
    from innograph.graph.store import StoreError

    g = signing_document()
    g.relationships.append(g.relationships[0].model_copy(update={"type": "BRANCH_OF", "start": XIANGCHENG, "end": NANHANG}))
    with pytest.raises(StoreError, match="doc:signing"):
        store.write(g)
    assert store.counts()["nodes"] == {}, "a refused document leaves nothing behind"


def test_survives_sigkill_after_write(tmp_path):
    """A process killed with SIGKILL right after a write leaves the written document readable."""
    import subprocess
    import sys
    import textwrap

    from innograph.graph.ladybug_store import LadybugStore

    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from graphs import signing_document
        from innograph.graph.ladybug_store import LadybugStore
        store = LadybugStore({str(tmp_path / "d")!r})
        store.write(signing_document())
        print("written", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert "written" in proc.stdout and proc.returncode == -9, proc.stderr
    with LadybugStore(tmp_path / "d") as store:
        assert store.counts()["nodes"]["University"] == 1
        assert len(store.documents()) == 1


def test_aliases_never_repeat_the_name(store):
    g = signing_document()
    for r in g.relationships:
        if r.type == "MENTIONED_IN" and r.start == NANHANG:
            r.properties["aliases"] = ["南京航空航天大学", "南航"]
    store.write(g)
    assert store.node(NANHANG).properties["aliases"] == ["南航"]


def test_write_many_gives_the_graph_of_writes_one_by_one(store, tmp_path):
    """One batch (a new document, a replaced one, the same document twice) = the same writes in turn."""
    from innograph.graph.ladybug_store import LadybugStore

    store.write(signing_document())
    batch = [other_document(), signing_document(sha="sha-2", lab_name="南航智能制造联合实验室"),
             signing_document(sha="sha-3", lab_name="南航智能装备联合实验室")]
    with LadybugStore(tmp_path / "one-by-one") as reference:
        for g in [signing_document(), *batch]:
            reference.write(g)
        expected = facts(reference)
    summaries = store.write_many(batch)
    assert {s.document for s in summaries} == {"doc:other", "doc:signing"}
    assert facts(store) == expected
    ids = {n.id for n in store.export().nodes}
    assert "org:南航智能装备联合实验室" in ids and LAB not in ids and "org:南航智能制造联合实验室" not in ids


def test_write_many_writes_all_or_nothing(store):
    """A batch with one document the ontology cannot hold raises, naming it, and writes none of
    the batch (both stores write a batch in one transaction)."""
    from innograph.graph.model import Relationship
    from innograph.graph.store import StoreError

    bad = other_document("doc:bad")
    bad.relationships.append(Relationship(type="PART_OF", start=NANHANG, end=SUZHOU,
                                          properties={"doc": "doc:bad", "evidence": "x", "extractor": "test",
                                                      "confidence": 1.0}))
    with pytest.raises(StoreError, match="doc:bad: cannot store PART_OF"):
        store.write_many([signing_document(), bad])
    assert store.documents() == [] and store.export().relationships == []
    store.write_many([signing_document()])
    assert [d.id for d in store.documents()] == ["doc:signing"]


def test_write_many_updates_stored_nodes_as_writes_one_by_one(tmp_path):
    """Nodes already stored are updated in place (a district without a level keeps its level), new ones
    created, in the same batch: the graph of the same writes one by one."""
    from graphs import rel as mention

    from innograph.graph.ladybug_store import LadybugStore

    renamed = other_document("doc:renamed")
    for node in renamed.nodes:
        if node.id == SUZHOU:
            node.properties.pop("level")
        else:
            node.labels = ["Organization", "Enterprise"]
            node.properties["name"] = "南航（更名）"
    fresh = Node(id="org:新实验室", labels=["Organization", "ResearchInstitute"], properties={"name": "新实验室"})
    renamed.nodes.append(fresh)
    renamed.relationships.append(mention("MENTIONED_IN", fresh.id, "doc:renamed", "doc:renamed", "新实验室。"))
    first, batch = [signing_document()], [renamed]
    with LadybugStore(tmp_path / "one-by-one") as reference, LadybugStore(tmp_path / "batched") as batched:
        for g in [*first, *batch]:
            reference.write(g)
        batched.write_many(first)
        batched.write_many(batch)
        assert facts(batched) == facts(reference)
        assert batched.node(SUZHOU).properties["level"] == "city"
        assert batched.node(NANHANG).labels == ["Organization", "Enterprise"]
        assert batched.node(fresh.id).properties["name"] == "新实验室"
        assert len([n for n in batched.export().nodes if n.id == NANHANG]) == 1


def test_node_found_whatever_its_id_prefix(store):
    """Lookups go to the table an id's prefix names first; an id without a known prefix still resolves."""
    store.write(signing_document())
    assert store.node(NANHANG).properties["name"] == "南京航空航天大学"
    assert store.node("doc:signing").labels == ["Document"]
    assert store.node("org:没有这个单位") is None and store.node("nonsense") is None
    assert {r.type for r in store.relationships_of(XIANGCHENG)} >= {"PARTY_TO", "PART_OF", "LOCATED_IN"}


def test_nodes_fetches_organisations_districts_and_events_in_one_batch(store, monkeypatch):
    """``Store.nodes`` keeps the order of the ids, skips unknown ones, and finds every kind of node
    through the store's batched lookup: ``node()`` is never called for them."""
    graph = signing_document()
    store.write(graph)
    event = next(n for n in graph.nodes if "Event" in n.labels)
    ids = [event.id, XIANGCHENG, "org:没有这个单位", NANHANG, SUZHOU]

    def no_single_lookups(node_id):
        raise AssertionError(f"node({node_id!r}) called: the batched lookup missed it")

    monkeypatch.setattr(store, "node", lambda node_id: None if node_id == "org:没有这个单位" else no_single_lookups(node_id))
    found = store.nodes(ids)
    assert [n.id for n in found] == [event.id, XIANGCHENG, NANHANG, SUZHOU]
    assert "Event" in found[0].labels and found[0].properties.get("kind") == "signing"
    assert found[2].properties["name"] == "南京航空航天大学"
