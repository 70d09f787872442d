"""The ``innograph`` command line: extract, ingest, export, serve, demo, eval, path, query."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer

from innograph.config import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="innograph — 创新生态知识图谱 (innovation-ecosystem knowledge graph)")

#: From this many files `innograph ingest` extracts in a process pool by default: on 2 cores the
#: pool ingests ~2x as fast (bench/bench_ingest.py), but starting it costs about half a second.
AUTO_POOL_FILES = 50
DataDir = typer.Option(None, "--data-dir", help="Data directory of the embedded store (default: $INNOGRAPH_DATA_DIR or ./innograph-data).")
Neo4jUri = typer.Option(None, "--neo4j-uri", help="Use Neo4j at this Bolt URI (default: $INNOGRAPH_NEO4J_URI).")


@app.callback()
def _global_options(
    neo4j_user: Optional[str] = typer.Option(None, "--neo4j-user", help="Neo4j user (default: $INNOGRAPH_NEO4J_USER or neo4j)."),
    neo4j_password: Optional[str] = typer.Option(None, "--neo4j-password", help="Neo4j password (default: $INNOGRAPH_NEO4J_PASSWORD)."),
    neo4j_database: Optional[str] = typer.Option(None, "--neo4j-database", help="Neo4j database (default: $INNOGRAPH_NEO4J_DATABASE or neo4j)."),
) -> None:
    """Options for every command; each command also takes --data-dir and --neo4j-uri."""
    # Settings read the environment, so the flags simply set it for this process.
    for name, value in (("USER", neo4j_user), ("PASSWORD", neo4j_password), ("DATABASE", neo4j_database)):
        if value is not None:
            os.environ[f"INNOGRAPH_NEO4J_{name}"] = value


def _settings(data_dir: Optional[Path], neo4j_uri: Optional[str] = None) -> Settings:
    settings = Settings()
    if data_dir is not None:
        settings.data_dir = data_dir
    if neo4j_uri:
        settings.neo4j_uri = neo4j_uri
    return settings


def _open(settings: Settings):
    from innograph.graph import open_store
    from innograph.graph.store import StoreError

    try:
        return open_store(settings)
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def _load_curation(settings: Settings):
    from innograph.loaders.curation import Curation

    path = settings.curation_file
    return Curation.load(path) if path.exists() else None


@app.command()
def extract(files: list[Path] = typer.Argument(..., help="Documents to read (.txt .md .docx .pdf .html)."),
            format: str = typer.Option("json", "--format", help="Output format: json."),
            data_dir: Optional[Path] = DataDir) -> None:
    """Print the graph document of FILES (nothing is stored)."""
    from innograph.graph.model import GraphDocument
    from innograph.loaders.extract import extract_graph
    from innograph.loaders.readers import UnreadableDocument, read_document

    if format != "json":
        typer.echo(f"error: --format must be json, not {format!r}", err=True)
        raise typer.Exit(2)
    curation = _load_curation(_settings(data_dir))
    merged = GraphDocument()
    failed = 0
    for path in files:
        try:
            merged = merged.merged(extract_graph(read_document(path), curation=curation))
        except UnreadableDocument as exc:
            typer.echo(f"error: {exc}", err=True)
            failed += 1
    sys.stdout.write(merged.to_json(indent=2) + "\n")
    if failed:
        raise typer.Exit(3 if failed < len(files) else 1)


@app.command()
def ingest(paths: list[Path] = typer.Argument(..., help="Files or folders to ingest."),
           data_dir: Optional[Path] = DataDir, neo4j_uri: Optional[str] = Neo4jUri,
           progress: bool = typer.Option(True, "--progress/--no-progress"),
           workers: Optional[int] = typer.Option(
               None, "--workers", min=1, max=64,
               help="Processes that read and extract in parallel (the store is written by one). Default: one per "
                    f"core for {AUTO_POOL_FILES}+ files, else 1 (a pool takes ~0.5 s to start)."),
           batch: int = typer.Option(64, "--batch", min=1, max=10_000,
                                     help="Documents written per transaction; a killed ingest loses at most the "
                                          "batch in flight, and the same command completes it.")) -> None:
    """Write documents to the store, idempotently. Exit 0 all good, 3 partial, 1 nothing ingested."""
    settings = _settings(data_dir, neo4j_uri)
    code = _ingest(settings, paths, progress, workers, batch)
    raise typer.Exit(code)


def auto_workers(files: int) -> int:
    """Extraction processes for ``files`` files when ``--workers`` is not given.

    >>> auto_workers(5)
    1
    """
    from innograph.loaders.parallel import default_workers

    return default_workers() if files >= AUTO_POOL_FILES else 1


def _ingest(settings: Settings, paths: list[Path], progress: bool, workers: int | None = None, batch: int = 64) -> int:
    from tqdm import tqdm

    from innograph.graph.store import StoreUnavailable
    from innograph.loaders.ingest import discover
    from innograph.loaders.parallel import ingest_parallel

    files = discover(paths)
    workers = workers or auto_workers(len(files))
    with _open(settings) as store:
        bar = tqdm(total=len(files), unit="doc", desc="ingest", disable=not progress, file=sys.stderr)

        def step(path: Path, status: str) -> None:
            bar.update(1)
            if not progress:  # logs get one line per document instead of a bar
                print(f"{status} {path}", flush=True)

        try:
            # Batched writes even with one worker (then extraction runs in this process): 1,000
            # documents in 32 s where a transaction per document (ingest_paths) takes 98 s; a batch
            # that fails is rewritten document by document, and "written" is printed once committed.
            report = ingest_parallel(store, files, workers=workers, curation=_load_curation(settings), on_progress=step,
                                     batch=batch)
        except StoreUnavailable as exc:
            typer.echo(f"error: {exc}; run the same command again when the store is back", err=True)
            return 2
        finally:
            bar.close()
        typer.echo(report.summary())
        counts = store.counts()
        typer.echo(f"store ({store.name}): nodes " + ", ".join(f"{k} {v}" for k, v in counts["nodes"].items()))
        typer.echo("               relationships " + ", ".join(f"{k} {v}" for k, v in counts["relationships"].items()))
    return report.exit_code


@app.command()
def export(format: str = typer.Option("json", "--format", help="json (more formats: see `innograph export --help`)."),
           out: Optional[Path] = typer.Option(None, "--out", help="Write here instead of standard output."),
           data_dir: Optional[Path] = DataDir, neo4j_uri: Optional[str] = Neo4jUri) -> None:
    """Write the whole store as a graph document."""
    from innograph.graph.export import EXPORT_FORMATS, export_bytes

    if format not in EXPORT_FORMATS:
        typer.echo(f"error: --format must be one of {', '.join(EXPORT_FORMATS)}", err=True)
        raise typer.Exit(2)
    with _open(_settings(data_dir, neo4j_uri)) as store:
        data = export_bytes(store.export(), format)
    if out:
        out.write_bytes(data)
        typer.echo(f"wrote {out} ({len(data)} bytes)", err=True)
    else:
        sys.stdout.buffer.write(data)


@app.command()
def serve(data_dir: Optional[Path] = DataDir, neo4j_uri: Optional[str] = Neo4jUri,
          host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8000, "--port")) -> None:
    """Serve the API and the web UI."""
    import uvicorn

    from innograph.api.app import create_app

    settings = _settings(data_dir, neo4j_uri)
    typer.echo(f"innograph: {settings.store_kind} store, serving on http://{host}:{port}/", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@app.command()
def demo(data_dir: Optional[Path] = DataDir, host: str = typer.Option("127.0.0.1", "--host"),
         port: int = typer.Option(8000, "--port")) -> None:
    """Ingest the bundled demo corpus (data/seeds) into the embedded store and serve it."""
    seeds = demo_corpus()
    settings = _settings(data_dir)
    typer.echo(f"ingesting the demo corpus {seeds} into {settings.data_dir}", err=True)
    _ingest(settings, [seeds], progress=True)
    serve(data_dir=data_dir, neo4j_uri=None, host=host, port=port)


def demo_corpus() -> Path:
    for candidate in (Path.cwd() / "data" / "seeds", Path(__file__).resolve().parents[1] / "data" / "seeds"):
        if candidate.is_dir():
            return candidate
    typer.echo("error: the demo corpus data/seeds was not found; run from the project checkout", err=True)
    raise typer.Exit(2)


@app.command(name="eval")
def evaluate(gold_dir: Path = typer.Argument(..., help="Folder of gold JSON files (../shared/eval/gold)."),
             docs_dir: Path = typer.Argument(..., help="Folder of the documents the gold annotates."),
             as_json: bool = typer.Option(False, "--json", help="Print the report as JSON.")) -> None:
    """Precision, recall and F1 of extraction against gold annotations."""
    from innograph.loaders.evaluate import EvaluationInputError, format_report
    from innograph.loaders.evaluate import evaluate as run_eval

    try:
        report = run_eval(gold_dir, docs_dir)
    except EvaluationInputError as exc:
        typer.echo(f"innograph eval: {exc}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(report if isinstance(report, dict) else _jsonable(report), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_report(report))


def _jsonable(obj):
    import dataclasses

    if dataclasses.is_dataclass(obj):
        return dataclasses.asdict(obj)
    if hasattr(obj, "model_dump"):
        return obj.model_dump()
    return obj


@app.command()
def path(source: str = typer.Argument(..., help="Name or id of the first entity."),
         target: str = typer.Argument(..., help="Name or id of the second entity."),
         k: int = typer.Option(3, "-k", help="How many paths."),
         max_hops: int = typer.Option(6, "--max-hops"),
         data_dir: Optional[Path] = DataDir, neo4j_uri: Optional[str] = Neo4jUri) -> None:
    """Print the shortest paths between two entities, one Chinese line each, with evidence."""
    from innograph.graph.paths import explain_path, shortest_paths
    from innograph.graph.projection import ProjectionCache
    from innograph.graph.resolve import resolve_entity

    with _open(_settings(data_dir, neo4j_uri)) as store:
        ends = []
        for name in (source, target):
            node = resolve_entity(store, name)
            if node is None:
                suggestions = ", ".join(n.name for n in store.search(name[:2], limit=5))
                typer.echo(f"no entity named {name!r}" + (f"; did you mean: {suggestions}" if suggestions else ""), err=True)
                raise typer.Exit(1)
            ends.append(node.id)
        found = shortest_paths(ProjectionCache(store).undirected(), ends[0], ends[1], k=k, max_hops=max_hops)
        if not found:
            typer.echo(f"no path of at most {max_hops} hops between {source} and {target}")
            return
        for i, p in enumerate(found, 1):
            typer.echo(f"{i}. {explain_path(p)}")
            for rel in p.relationships:
                typer.echo(f"     [{rel.type}] {rel.properties.get('evidence', '')}  ({rel.properties.get('doc', '')})")


@app.command()
def query(cypher_text: str = typer.Argument(..., metavar="CYPHER", help="A read-only Cypher query."),
          params: str = typer.Option("{}", "--params", help="Parameters as a JSON object."),
          data_dir: Optional[Path] = DataDir, neo4j_uri: Optional[str] = Neo4jUri) -> None:
    """Run a read-only Cypher query and print a table. Writes are refused before anything runs."""
    from innograph.graph.readonly import check_read_only
    from innograph.graph.store import ReadOnlyViolation, StoreError

    try:
        check_read_only(cypher_text)
    except ReadOnlyViolation as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    settings = _settings(data_dir, neo4j_uri)
    with _open(settings) as store:
        try:
            result = store.query(cypher_text, json.loads(params), row_limit=settings.query_row_limit,
                                 timeout_s=settings.query_timeout_s)
        except StoreError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
    typer.echo(format_table(result.columns, result.rows))
    if result.truncated:
        typer.echo(f"(truncated at {settings.query_row_limit} rows)")


def format_table(columns: list[str], rows: list[list]) -> str:
    """A plain text table; wide Chinese characters count double so columns line up."""
    from unicodedata import east_asian_width

    def width(text: str) -> int:
        return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)

    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([width(c)] + [width(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return " | ".join(v + " " * (w - width(v)) for v, w in zip(values, widths))

    out = [line(columns), "-+-".join("-" * w for w in widths)]
    out.extend(line(r) for r in cells)
    out.append(f"({len(rows)} rows)")
    return "\n".join(out)


def _cell(value) -> str:
    if isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _register_subcommands() -> None:
    from innograph.insights_cli import insights_app

    app.add_typer(insights_app, name="insights", help="Who to approach next: brokers, communities, recommendations, comparisons, briefings.")


_register_subcommands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
