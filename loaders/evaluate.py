"""Evaluate the extractor against gold annotations (format: ../shared/eval/FORMAT.md).

``evaluate(gold_dir, docs_dir)`` extracts every document that has a gold file and compares:

* ``entities``       - organisations and places; an extracted entity matches a gold entity when
                       its name or any alias equals the gold name or any gold alias (after
                       ``normalize_name``), one-to-one; pairs with the same name are matched
                       first, then a name against an alias, then any shared alias, so that a shared
                       short form (高新区, 工信局) cannot take the partner of an exact match;
* ``typed_entities`` - the same, and the type (organisation kind or District) agrees;
* ``events``         - same date to the month and at least one shared participant (parties, and
                       for gold events without parties the place held in or what they establish);
* ``signing_events`` - the same, restricted to signing events on both sides;
* ``relations``      - LOCATED_IN, PART_OF, FOUNDED_BY, BRANCH_OF and OPERATED_BY triples; the gold
                       entities' ``district`` and ``part_of`` fields count as LOCATED_IN and PART_OF.

``format_report(report)`` renders the per-document and micro-averaged table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from innograph.graph.ids import normalize_name
from innograph.graph.model import GraphDocument

METRICS = ("entities", "typed_entities", "events", "signing_events", "relations")
EVAL_RELATIONS = ("LOCATED_IN", "PART_OF", "FOUNDED_BY", "BRANCH_OF", "OPERATED_BY")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class DocReport:
    doc: str
    scores: dict[str, Score] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)       # gold items not found
    extras: dict[str, list[str]] = field(default_factory=dict)       # extracted items not in gold


@dataclass
class EvalReport:
    documents: list[DocReport] = field(default_factory=list)
    total: dict[str, Score] = field(default_factory=dict)

    def f1(self, metric: str) -> float:
        return self.total[metric].f1


def _names(name: str | None, aliases: list[str] | None) -> set[str]:
    out = {normalize_name(name)} if name else set()
    out.update(normalize_name(a) for a in aliases or [] if a)
    return out


def _match(gold: list, pred: list, ok, prefer=None) -> tuple[Score, list, list]:
    """Greedy one-to-one matching; returns the score and the unmatched gold and predicted items.

    With ``prefer`` (one test or a list of tests, strongest first), pairs for which it holds (e.g.
    the same full date, the same canonical name) are matched first, so that a loose match (a
    shared short alias) cannot take the partner of an exact one.
    """
    used: set[int] = set()
    matched: set[int] = set()
    prefers = [] if prefer is None else (list(prefer) if isinstance(prefer, (list, tuple)) else [prefer])
    passes = [(lambda t: (lambda g, p: ok(g, p) and t(g, p)))(t) for t in prefers] + [ok]
    for test in passes:
        for i, g in enumerate(gold):
            if i in matched:
                continue
            for j, p in enumerate(pred):
                if j not in used and test(g, p):
                    used.add(j)
                    matched.add(i)
                    break
    missed = [g for i, g in enumerate(gold) if i not in matched]
    extra = [p for j, p in enumerate(pred) if j not in used]
    return Score(len(gold) - len(missed), len(extra), len(missed)), missed, extra


def _entity_type(labels: list[str]) -> str:
    if "District" in labels:
        return "District"
    return next((lab for lab in labels if lab != "Organization"), "Organization")


def score_document(gold: dict, graph: GraphDocument) -> DocReport:
    report = DocReport(doc=str(gold.get("doc", "")))
    # -- entities ------------------------------------------------------------------------------
    gold_ents = [(_names(e["name"], e.get("aliases")), e["type"], e["name"]) for e in gold.get("entities", [])]
    pred_ents = []
    names_of: dict[str, set[str]] = {}
    for n in graph.nodes:
        if "Event" in n.labels or "Document" in n.labels:
            continue
        names = _names(n.properties.get("name"), n.properties.get("aliases"))
        names_of[n.id] = names
        pred_ents.append((names, _entity_type(n.labels), n.properties.get("name")))
    same_name = [lambda g, p: normalize_name(g[2]) == normalize_name(p[2] or ""),
                 lambda g, p: normalize_name(g[2]) in p[0] or normalize_name(p[2] or "") in g[0]]
    s, missed, extra = _match(gold_ents, pred_ents, lambda g, p: bool(g[0] & p[0]), same_name)
    report.scores["entities"] = s
    report.misses["entities"] = [m[2] for m in missed]
    report.extras["entities"] = [f"{p[2]} ({p[1]})" for p in extra]
    s, missed, extra = _match(gold_ents, pred_ents, lambda g, p: bool(g[0] & p[0]) and g[1] == p[1], same_name)
    report.scores["typed_entities"] = s
    report.misses["typed_entities"] = [f"{m[2]} ({m[1]})" for m in missed]
    report.extras["typed_entities"] = [f"{p[2]} ({p[1]})" for p in extra]
    # gold name -> the names of its entity (to compare parties and relation ends by alias)
    gold_names: dict[str, set[str]] = {}
    for names, _t, name in gold_ents:
        gold_names[normalize_name(name)] = names
        for a in names:
            gold_names.setdefault(a, names)

    def gnames(name: str | None) -> set[str]:
        if not name:
            return set()
        return gold_names.get(normalize_name(name), {normalize_name(name)})

    # -- events --------------------------------------------------------------------------------
    nodes = {n.id: n for n in graph.nodes}
    pred_events = []
    ev_parties: dict[str, set[str]] = {}
    for r in graph.relationships:
        if r.type in ("PARTY_TO",):
            ev_parties.setdefault(r.end, set()).update(names_of.get(r.start, set()))
        elif r.type in ("HELD_IN", "ESTABLISHES"):
            ev_parties.setdefault(r.start, set()).update(names_of.get(r.end, set()))
    for n in graph.nodes:
        if "Event" in n.labels:
            pred_events.append((n.properties.get("kind"), n.properties.get("date"), ev_parties.get(n.id, set()),
                                n.properties.get("title")))
    gold_events = []
    for e in gold.get("events", []):
        names: set[str] = set()
        for p in e.get("parties") or []:
            names |= gnames(p)
        if not names:
            names |= gnames(e.get("held_in"))
            for x in e.get("establishes") or []:
                names |= gnames(x)
        gold_events.append((e.get("kind"), e.get("date"), names, e.get("title")))

    def ev_ok(g, p) -> bool:
        return bool(g[1] and p[1] and g[1][:7] == p[1][:7] and g[2] & p[2])

    def same_day(g, p) -> bool:
        return g[1] == p[1] and g[0] == p[0]

    s, missed, extra = _match(gold_events, pred_events, ev_ok, same_day)
    report.scores["events"] = s
    report.misses["events"] = [f"{m[0]} {m[1]} {m[3]}" for m in missed]
    report.extras["events"] = [f"{p[0]} {p[1]} {p[3]}" for p in extra]
    s, missed, extra = _match([g for g in gold_events if g[0] == "signing"], [p for p in pred_events if p[0] == "signing"], ev_ok, same_day)
    report.scores["signing_events"] = s
    report.misses["signing_events"] = [f"{m[1]} {m[3]}" for m in missed]
    report.extras["signing_events"] = [f"{p[1]} {p[3]}" for p in extra]
    # -- relations -----------------------------------------------------------------------------
    gold_rels = []
    for e in gold.get("entities", []):
        if e.get("district"):
            gold_rels.append(("LOCATED_IN", gnames(e["name"]), gnames(e["district"]), f"{e['name']} LOCATED_IN {e['district']}"))
        if e.get("part_of"):
            gold_rels.append(("PART_OF", gnames(e["name"]), gnames(e["part_of"]), f"{e['name']} PART_OF {e['part_of']}"))
    seen = {(t, frozenset(a), frozenset(b)) for t, a, b, _ in gold_rels}
    for r in gold.get("relations", []):
        if r["type"] not in EVAL_RELATIONS:
            continue
        key = (r["type"], frozenset(gnames(r["source"])), frozenset(gnames(r["target"])))
        if key in seen:
            continue
        seen.add(key)
        gold_rels.append((r["type"], gnames(r["source"]), gnames(r["target"]), f"{r['source']} {r['type']} {r['target']}"))
    pred_rels = []
    pseen = set()
    for r in graph.relationships:
        if r.type not in EVAL_RELATIONS:
            continue
        key = (r.type, r.start, r.end)
        if key in pseen:
            continue
        pseen.add(key)
        pred_rels.append((r.type, names_of.get(r.start, set()), names_of.get(r.end, set()),
                          f"{nodes[r.start].name if r.start in nodes else r.start} {r.type} {nodes[r.end].name if r.end in nodes else r.end} [{r.properties.get('extractor')}]"))
    s, missed, extra = _match(gold_rels, pred_rels, lambda g, p: g[0] == p[0] and bool(g[1] & p[1]) and bool(g[2] & p[2]))
    report.scores["relations"] = s
    report.misses["relations"] = [m[3] for m in missed]
    report.extras["relations"] = [p[3] for p in extra]
    return report


def _read(path: Path):
    try:
        from innograph.loaders.readers import read_document
    except ImportError:    # pragma: no cover - readers not available
        read_document = None
    if read_document is not None:
        return read_document(path)
    from innograph.graph.ids import doc_id
    from innograph.loaders.document import SourceDocument
    from innograph.loaders.text import normalize_text, repair_line_breaks, split_sentences

    text = repair_line_breaks(normalize_text(path.read_text(encoding="utf-8")))
    return SourceDocument(id=doc_id(path), path=str(path), text=text, sentences=split_sentences(text))


class EvaluationInputError(ValueError):
    """Gold annotations or documents that cannot be scored; the message names the file or folder."""


def _gold_pairs(gold_dir: Path, docs_dir: Path) -> list[tuple[dict, Path]]:
    """Each gold file's annotations with the document it annotates; every problem named at once.

    An evaluation that quietly skipped a missing document (or found no gold at all) would print
    scores for less than the user asked for: 0 documents scored 1.000 everywhere.
    """
    if not gold_dir.is_dir():
        raise EvaluationInputError(f"{gold_dir}: no such folder of gold annotations")
    if not docs_dir.is_dir():
        raise EvaluationInputError(f"{docs_dir}: no such folder of documents")
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise EvaluationInputError(f"{gold_dir}: no gold annotations (*.json) in this folder")
    pairs, problems = [], []
    for gpath in gold_files:
        try:
            gold = json.loads(gpath.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(f"{gpath}: not UTF-8 JSON ({exc})")
            continue
        if not isinstance(gold, dict):
            problems.append(f"{gpath}: a gold file is a JSON object (see FORMAT.md), not {type(gold).__name__}")
            continue
        name = gold.get("doc") or gpath.stem + ".txt"
        dpath = docs_dir / name
        if not dpath.exists():
            candidates = sorted(docs_dir.glob(Path(name).stem + ".*"))
            if not candidates:
                problems.append(f"{gpath}: its document {name} is not in {docs_dir}")
                continue
            dpath = candidates[0]
        pairs.append((gold, dpath))
    if problems:
        raise EvaluationInputError("; ".join(problems))
    return pairs


def evaluate(gold_dir: str | Path, docs_dir: str | Path, curation=None) -> EvalReport:
    """Extract each document that has a gold file in ``gold_dir`` and score it.

    Raises :class:`EvaluationInputError` when there is no gold, a gold file is not JSON, or the
    document a gold file annotates is not in ``docs_dir``.
    """
    from innograph.loaders.extract import extract_graph

    report = EvalReport(total={m: Score() for m in METRICS})
    for gold, dpath in _gold_pairs(Path(gold_dir), Path(docs_dir)):
        graph = extract_graph(_read(dpath), curation=curation)
        doc_report = score_document(gold, graph)
        doc_report.doc = dpath.name
        report.documents.append(doc_report)
        for m in METRICS:
            report.total[m].add(doc_report.scores[m])
    return report


def format_report(report: EvalReport, details: bool = False) -> str:
    """A readable table: one block per document and the micro-averaged total."""
    lines = []
    header = f"{'document':<28} {'metric':<16} {'tp':>5} {'fp':>5} {'fn':>5} {'P':>6} {'R':>6} {'F1':>6}"
    lines.append(header)
    lines.append("-" * len(header))
    for d in report.documents:
        for m in METRICS:
            s = d.scores[m]
            lines.append(f"{d.doc[:28]:<28} {m:<16} {s.tp:>5} {s.fp:>5} {s.fn:>5} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}")
        lines.append("")
    for m in METRICS:
        s = report.total[m]
        lines.append(f"{'TOTAL (micro)':<28} {m:<16} {s.tp:>5} {s.fp:>5} {s.fn:>5} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}")
    if details:
        for d in report.documents:
            lines.append("")
            lines.append(f"== {d.doc}")
            for m in METRICS:
                if d.misses.get(m):
                    lines.append(f"  missed {m}: " + " | ".join(d.misses[m]))
                if d.extras.get(m):
                    lines.append(f"  extra  {m}: " + " | ".join(d.extras[m]))
    return "\n".join(lines)


if __name__ == "__main__":   # python -m innograph.loaders.evaluate GOLD_DIR DOCS_DIR [--details]
    import sys

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    print(format_report(evaluate(args[0], args[1]), details="--details" in sys.argv))
