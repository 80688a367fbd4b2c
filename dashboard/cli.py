"""The command line: ``python -m dashboard validate|coverage|export|compare|run|new|curate``."""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
import time
from pathlib import Path

from dashboard import __version__
from dashboard.corpus import Corpus, load_corpus, merge_datasets
from dashboard.coverage import coverage_report
from dashboard.dataset import FILES, Dataset, DatasetError, find_dataset_dirs, load_dataset
from dashboard.settings import SEEDS_DIR, Settings, parse_port

_PATH_HELP = (
    "a dataset folder, or a folder of dataset folders (default: $DASHBOARD_DATA, "
    "else the bundled seeds: %(default)s)"
)
_SINGLE_PATH_HELP = (
    "a dataset folder, or a folder of dataset folders read as one network: an actor or a "
    "relation type with the same id in several articles is one (default: $DASHBOARD_DATA, "
    "else the bundled seeds: %(default)s)"
)
# The same as dashboard.export.FORMATS (a test checks): importing networkx would slow every command.
_EXPORT_FORMATS = ("csv", "json", "graphml", "gexf", "w3c", "brat")


def build_parser(settings: Settings) -> argparse.ArgumentParser:
    """Return the argument parser; defaults come from ``settings``."""
    parser = argparse.ArgumentParser(
        prog="dashboard",
        description=(
            "Explore who does what to whom in a news article, every relation backed by a verbatim "
            "quote. See seeds/README.md for the dataset format."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = commands.add_parser(
        "validate",
        help="check datasets and list every problem (exit 1 if any)",
        description="Load and check each dataset and, for a folder of several, that they agree "
        "on what a shared id means (an actor's kind; a relation type's polarity, direction and "
        "CAMEO class), as run and export read them as one network; print every problem with its "
        "file, line and column. Several PATHs are checked one by one; a PATH that names one of a "
        "dataset's files (as pre-commit passes them) stands for its folder. Exit 0 if all are "
        "valid, 1 otherwise. Writes nothing.",
    )
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        default=[settings.data],
        metavar="PATH",
        help=_PATH_HELP.replace(" (default", ", or one of a dataset's files (default", 1).replace(
            "%(default)s", str(settings.data).replace("%", "%%")
        ),
    )

    coverage = commands.add_parser(
        "coverage",
        help="list sentences naming two or more actors that no triple cites, and unused actors",
        description="Print every sentence that names two or more actors (by name or alias) and "
        "is cited by no triple, and every actor that no triple uses. Sentences explained under "
        "[[uncited]] in dataset.toml are left out unless --explained is given. Exit 1 if anything "
        "unexplained is found.",
    )
    coverage.add_argument("path", nargs="?", type=Path, default=settings.data, help=_PATH_HELP)
    coverage.add_argument(
        "--explained", action="store_true", help="also print the explained sentences and why"
    )

    export = commands.add_parser(
        "export",
        help="write a dataset's triples as CSV or JSON, its network as GraphML or GEXF, or its "
        "quotes as annotations (W3C Web Annotation, brat standoff)",
        description="Write one dataset's triples, with actor names, relation labels and sentence "
        "numbers, as CSV or JSON, or its network as GraphML or GEXF: every actor a node, one edge "
        "per source, relation, target and certainty, carrying its quotes. In CSV, a text cell that "
        "a spreadsheet would run as a formula (one starting with =, +, -, @, a tab or a carriage "
        "return) gets a ' in front. w3c writes each quote as a W3C Web Annotation (JSON-LD) with "
        "its TextQuoteSelector and TextPositionSelector; brat writes brat standoff files (per "
        "article ARTICLE.txt and ARTICLE.ann, and annotation.conf) into the folder -o names, or "
        "into a zip archive when -o ends in .zip. Writes to stdout unless -o names a file; never writes into the "
        "bundled seeds folder or over the dataset's own files. Exit 1 if the dataset has problems, "
        "its text cannot go into the format or the file cannot be written; 2 for an unknown "
        "relation or a refused output file.",
    )
    export.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=settings.data,
        help=_SINGLE_PATH_HELP,
    )
    export.add_argument(
        "--format",
        required=True,
        choices=_EXPORT_FORMATS,
        help="csv: one row per triple; json: the dataset's title, publisher, date and language, "
        "the actors and relation types used, and the triples; graphml or gexf: the network, for "
        "Gephi, Cytoscape, yEd or networkx; w3c: W3C Web Annotation JSON-LD; brat: brat "
        "standoff files (needs -o FOLDER or -o FILE.zip)",
    )
    export.add_argument(
        "--relation",
        action="append",
        dest="relations",
        metavar="ID",
        help="keep only the triples of this relation type (an id in relations.csv); repeat it to "
        "keep several (default: all)",
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the file to write, replacing any file of that name; - or none writes to stdout. "
        "For brat: a folder (made if missing; files of the same names in it are replaced) or a "
        "FILE.zip",
    )

    compare = commands.add_parser(
        "compare",
        help="measure how far two curations of one article agree, and list where they differ",
        description="Compare dataset B with dataset A, the reference, both curated from the same "
        "article: how many relations (source, type, target) and how much evidence (a relation "
        "cited in a sentence) each has and both have, B's precision, recall and F1 against A, "
        "the same per relation type, the actors and types only one has, the relations both "
        "coded but with different certainty, every relation only one has, and the sentences only "
        "one cites for a relation both have, with their quotes. "
        "Actors match by id, else by one shared name or alias; seeds/README.md gives every "
        "matching rule. Writes to stdout, never to the datasets. Exit 0; 1 if --min-f1 is not "
        "met; 2 if the articles differ or a dataset does not validate.",
    )
    compare.add_argument("a", type=Path, metavar="A", help="the reference dataset folder")
    compare.add_argument("b", type=Path, metavar="B", help="the dataset folder compared with A")
    compare.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: a report to read (default); json: one JSON object for programs",
    )
    compare.add_argument(
        "--min-f1",
        type=_fraction_argument,
        metavar="X",
        help="exit 1 when the relations' F1 is below X (a number from 0 to 1), or undefined "
        "because neither dataset has a relation; the report is written either way",
    )

    run = commands.add_parser(
        "run",
        help="serve the dashboard",
        description="Serve the dashboard for one reader (debug off) until Ctrl-C: it says where "
        "the page is and then keeps quiet, but for errors. For several users, serve "
        "dashboard.wsgi:server with gunicorn instead.",
    )
    run.add_argument("path", nargs="?", type=Path, default=settings.data, help=_SINGLE_PATH_HELP)
    run.add_argument(
        "--compare",
        type=Path,
        metavar="B",
        help="draw the union of PATH (curation A, the reference) and the dataset folder B, a "
        "second curation of the same article: each relation marked as in both, only in A or only "
        "in B, with the agreement figures of the compare command",
    )
    run.add_argument(
        "--host",
        default=settings.host,
        help="address to bind (default: $DASHBOARD_HOST, else %(default)s; "
        "0.0.0.0 exposes the dashboard to your network)",
    )
    run.add_argument(
        "--port",
        type=_port_argument,
        default=settings.port,
        help="port to bind (default: $DASHBOARD_PORT, else %(default)s)",
    )
    run.add_argument(
        "--verbose",
        action="store_true",
        help="log every request the page makes (by default only errors are logged)",
    )

    new = commands.add_parser(
        "new",
        help="create a dataset folder from an article (or copy a dataset) to curate",
        description="Create FOLDER as a dataset: article.txt (the article file, byte for byte), "
        "dataset.toml, actors.csv and triples.csv with headers only, and relations.csv copied "
        "from the bundled seed's CAMEO-based taxonomy unless --taxonomy names another. Or, with "
        "--from, copy an existing dataset (such as the bundled seed) to curate further. Refuses "
        "a folder that already holds a dataset, an article that is not UTF-8 text and an empty "
        "article. Then: python -m dashboard curate FOLDER.",
    )
    new.add_argument("folder", type=Path, help="the dataset folder to create")
    source = new.add_mutually_exclusive_group(required=True)
    source.add_argument("--article", type=Path, metavar="FILE", help="the article, as UTF-8 text")
    source.add_argument(
        "--from",
        dest="source",
        type=Path,
        metavar="DATASET",
        help="copy this dataset folder instead (not its undo journal)",
    )
    new.add_argument("--title", help="the article's title (default: its first line)")
    new.add_argument("--publisher", help="who published it (default: unknown)")
    new.add_argument(
        "--published", metavar="YYYY-MM-DD", help="publication date (default: today, noted)"
    )
    new.add_argument("--language", metavar="xx", help="language code (default: en)")
    new.add_argument(
        "--taxonomy",
        type=Path,
        metavar="RELATIONS_CSV",
        help="a relations.csv to use instead of the bundled seed's",
    )

    curate = commands.add_parser(
        "curate",
        help="serve a dataset with editing turned on, for you alone (loopback only)",
        description="Serve FOLDER with editing turned on, on 127.0.0.1 only. Prints an address "
        "with a random token: open it in your browser; any request without the token is "
        "refused. Every change is validated, written atomically into FOLDER and can be undone "
        "(the history is kept in FOLDER/.dashboard-journal.jsonl). Never writes outside FOLDER; "
        "refuses the bundled seeds (copy them with new --from).",
    )
    curate.add_argument("folder", type=Path, help="a dataset folder (see new)")
    curate.add_argument(
        "--compare",
        type=Path,
        metavar="B",
        help="a second curation of the same article (a dataset folder, only read): the page "
        "draws both, as run --compare does, and lists each relation only one has, to accept "
        "into FOLDER (B's rows are copied in) or to reject (FOLDER's rows are deleted); every "
        "such change is validated and can be undone",
    )
    curate.add_argument(
        "--port",
        type=_port_argument,
        default=settings.port,
        help="port to bind on 127.0.0.1 (default: $DASHBOARD_PORT, else %(default)s)",
    )
    return parser


def _port_argument(value: str) -> int:
    try:
        return parse_port(value)
    except ValueError:
        # argparse already names the option; say only what was expected.
        raise argparse.ArgumentTypeError(
            f"expected a port number from 1 to 65535, got {value!r}"
        ) from None


def _fraction_argument(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {value!r}")
    return number


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    try:
        settings = Settings.from_env()
    except ValueError as error:
        print(f"dashboard: {error}", file=sys.stderr)
        return 2
    args = build_parser(settings).parse_args(argv)
    handlers = {
        "validate": _validate,
        "coverage": _coverage,
        "export": _export,
        "compare": _compare,
        "run": _run,
        "new": _new,
        "curate": _curate,
    }
    return handlers[args.command](args)


def _load_all(path: Path) -> tuple[list[Dataset], int]:
    """Load every dataset at ``path``; print each problem to stderr and return how many there were."""
    try:
        folders = find_dataset_dirs(path)
    except DatasetError as error:
        _print_problems(error)
        return [], len(error.problems)
    datasets, problems = [], 0
    for folder in folders:
        try:
            datasets.append(load_dataset(folder))
        except DatasetError as error:
            _print_problems(error)
            problems += len(error.problems)
    return datasets, problems


def _load_one(path: Path, outcome: str) -> Dataset | Corpus | None:
    """Load the dataset(s) at ``path`` as one network, or print the problems and what did not
    happen."""
    try:
        return load_corpus(path)
    except DatasetError as error:
        _print_problems(error)
        print(f"{outcome}; fix the problems above first", file=sys.stderr)
        return None


def _print_problems(error: DatasetError) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)


def _validate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    datasets, problems = [], 0
    targets = _validation_targets(args.paths)
    for path in targets:
        found, count = _validate_one(path)
        datasets += found
        problems += count
    elapsed = time.perf_counter() - started
    where = ", ".join(str(path) for path in targets)
    if problems:
        print(f"{problems} problem{'s' if problems != 1 else ''} in {where}", file=sys.stderr)
        return 1
    print(f"{len(datasets)} dataset{'s' if len(datasets) != 1 else ''} valid ({elapsed:.2f} s)")
    return 0


def _validation_targets(paths: list[Path]) -> list[Path]:
    """The folders to validate: a dataset's file stands for its folder, each folder once."""
    targets = []
    for path in paths:
        if path.name in FILES and path.parent.is_dir() and not path.is_dir():
            path = path.parent
        if path not in targets:
            targets.append(path)
    return targets


def _validate_one(path: Path) -> tuple[list[Dataset], int]:
    """Validate the dataset(s) at ``path``, print what was found, return them and the problems."""
    datasets, problems = _load_all(path)
    for dataset in datasets:
        triples = dataset.triples
        cited = {
            n
            for a, b in zip(triples["sentence"], triples["sentence_end"], strict=True)
            for n in range(a, b + 1)
        }
        print(
            f"ok {dataset.path}: {len(dataset.actors)} actors, {len(dataset.relations)} relation "
            f"types, {len(triples)} triples, {triples['quote'].nunique()} distinct quotes, "
            f"{len(cited)} of {len(dataset.sentences)} sentences cited"
        )
    if len(datasets) > 1 and not problems:
        try:
            merged = merge_datasets(datasets, path)
        except DatasetError as error:  # the articles disagree on what an id means
            _print_problems(error)
            problems += len(error.problems)
        else:
            print(
                f"together: {len(merged.actors)} actors, {len(merged.relations)} relation types, "
                f"{len(merged.triples)} triples from {len(datasets)} articles"
            )
    return datasets, problems


def _coverage(args: argparse.Namespace) -> int:
    datasets, problems = _load_all(args.path)
    if problems:
        print("fix the problems above first (python -m dashboard validate)", file=sys.stderr)
        return 1
    unexplained = 0
    for dataset in datasets:
        for finding in coverage_report(dataset):
            if finding.reason and finding.kind == "sentence" and not args.explained:
                continue
            unexplained += not finding.reason or finding.kind == "stale"
            print(f"{dataset.path}: {finding}")
    # The findings go to stdout, so that "nothing printed" means "nothing to curate"; say so.
    verdict = f"{unexplained} unexplained" if unexplained else "nothing unexplained"
    print(f"coverage: {len(datasets)} dataset(s) checked, {verdict}", file=sys.stderr)
    return 1 if unexplained else 0


def _export(args: argparse.Namespace) -> int:
    output = None if args.output in (None, "-") else Path(args.output)
    if output is not None and output.resolve().is_relative_to(SEEDS_DIR.resolve()):
        print(
            f"dashboard: will not write {output}: it is inside the bundled seeds folder "
            f"{SEEDS_DIR}, which the dashboard never writes to; choose a file elsewhere",
            file=sys.stderr,
        )
        return 2
    if args.format == "brat" and output is None:
        print(
            "dashboard: brat is several files (ARTICLE.txt, ARTICLE.ann, annotation.conf): give "
            "-o FOLDER, or -o FILE.zip for one archive",
            file=sys.stderr,
        )
        return 2
    dataset = _load_one(args.path, "nothing was exported")
    if dataset is None:
        return 1
    if output is not None and output.resolve() in {
        (part.path / name).resolve() for part in dataset.datasets.values() for name in FILES
    } | {part.path.resolve() for part in dataset.datasets.values()}:
        print(
            f"dashboard: will not write {output}: it is one of the files of the dataset being "
            "exported, or its folder; choose a file elsewhere",
            file=sys.stderr,
        )
        return 2
    from dashboard.export import NotXmlError, UnknownRelationError, export  # networkx is slow

    if args.format == "brat":
        return _export_brat(dataset, output, args.relations)
    try:
        text = export(dataset, args.format, args.relations)
    except UnknownRelationError as error:
        print(f"dashboard: {error}", file=sys.stderr)
        return 2
    except NotXmlError as error:
        print(f"dashboard: cannot export {dataset.name} as {args.format}: {error}", file=sys.stderr)
        return 1
    if output is None:
        return _write_stdout(text)
    try:
        output.write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        print(f"dashboard: cannot write {output}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"wrote {dataset.name} as {args.format} to {output}")
    return 0


def _compare(args: argparse.Namespace) -> int:
    from dashboard.compare import ArticleMismatch, compare, render_json, render_text

    loaded = _load_pair(args.a, args.b, "nothing was compared")
    if loaded is None:
        return 2
    try:
        comparison = compare(*loaded)
    except ArticleMismatch as error:
        print(f"dashboard: {error}", file=sys.stderr)
        return 2
    render = render_json if args.format == "json" else render_text
    if _write_stdout(render(comparison)):
        return 1
    f1 = comparison.relations.f1
    if args.min_f1 is not None and (f1 is None or f1 < args.min_f1):
        shown = "undefined (neither dataset has a relation)" if f1 is None else f"{f1:.4f}"
        print(
            f"dashboard: the relations' F1 is {shown}, below --min-f1 {args.min_f1}",
            file=sys.stderr,
        )
        return 1
    return 0


def _load_pair(a: Path, b: Path, outcome: str) -> tuple[Dataset, Dataset] | None:
    """Load two dataset folders of one article (A, B), or print every problem of both and what
    did not happen."""
    loaded, failed = [], False
    for label, path in (("A", a), ("B", b)):  # both checked: every problem at once
        try:
            folders = find_dataset_dirs(path)
            if len(folders) > 1:
                print(
                    f"dashboard: {label} ({path}) is a folder of {len(folders)} datasets; compare "
                    "takes two dataset folders of the same article",
                    file=sys.stderr,
                )
                failed = True
                continue
            loaded.append(load_dataset(folders[0]))
        except DatasetError as error:
            _print_problems(error)
            print(f"dashboard: {label} ({path}) does not validate", file=sys.stderr)
            failed = True
    if failed:
        print(f"dashboard: {outcome}; fix the problems above first", file=sys.stderr)
        return None
    return loaded[0], loaded[1]


def _export_brat(dataset: Dataset | Corpus, output: Path, relations: list[str] | None) -> int:
    """Write brat's files into the folder ``output``, or into one zip archive if it ends in .zip."""
    from dashboard.export import UnknownRelationError, brat_zip, to_brat

    try:
        files = to_brat(dataset, relations)
    except UnknownRelationError as error:
        print(f"dashboard: {error}", file=sys.stderr)
        return 2
    try:
        if output.suffix.lower() == ".zip":
            output.write_bytes(brat_zip(files, dataset.name))
        else:
            output.mkdir(parents=True, exist_ok=True)
            for name, text in files.items():
                (output / name).write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        print(f"dashboard: cannot write {output}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"wrote {dataset.name} as brat ({', '.join(files)}) to {output}")
    return 0


def _write_stdout(text: str) -> int:
    """Write UTF-8, which the XML declarations promise, whatever the terminal's encoding."""
    binary = getattr(sys.stdout, "buffer", None)
    try:
        if binary is None:
            sys.stdout.write(text)
        else:
            sys.stdout.flush()
            binary.write(text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (head, less) stopped early; without this Python complains again at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


def _load_union(a: Path, b: Path, outcome: str):
    """The union of curations A and B of one article (``comparison_view.union_of``), or None
    after printing why not."""
    from dashboard.compare import ArticleMismatch
    from dashboard.comparison_view import union_of

    loaded = _load_pair(a, b, outcome)
    if loaded is None:
        return None
    try:
        return union_of(*loaded)
    except ArticleMismatch as error:
        print(f"dashboard: {error}", file=sys.stderr)
        print(f"dashboard: {outcome}", file=sys.stderr)
        return None


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _run(args: argparse.Namespace) -> int:
    if args.compare is not None:
        dataset = _load_union(args.path, args.compare, "the dashboard was not started")
    else:
        dataset = _load_one(args.path, "the dashboard was not started")
    if dataset is None:
        return 1
    from dashboard.app import create_app, quiet_server  # Dash is slow to import; validate does not

    try:  # say now, before the banner, if the address cannot be served
        socket.create_server((args.host, args.port)).close()
    except OSError as error:
        # create_server adds "(while attempting to bind on address ...)": the address is said
        reason = os.strerror(error.errno) if error.errno else str(error)
        print(f"dashboard: cannot serve on {args.host}:{args.port}: {reason}", file=sys.stderr)
        return 1
    app = create_app(dataset)
    # Ctrl-C and SIGTERM stop the server cleanly, even where a parent process started us with
    # SIGINT ignored (as shells do for background jobs).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server = quiet_server(app.server, args.host, args.port, verbose=args.verbose)
    except OSError as error:  # taken since the check above
        reason = os.strerror(error.errno) if error.errno else str(error)
        print(f"dashboard: cannot serve on {args.host}:{args.port}: {reason}", file=sys.stderr)
        return 1
    print(
        f"Serving {dataset.name} at http://{args.host}:{args.port}/\n"
        "Open that address in a browser; press Ctrl-C to stop."
        + ("" if args.verbose else " (Requests are not logged: --verbose logs them.)"),
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    print("Stopped.", flush=True)
    return 0


def _new(args: argparse.Namespace) -> int:
    from dashboard.curate.new import Metadata, NewError, copy_dataset, new_dataset

    try:
        if args.source is not None:
            given = [f"--{k}" for k in ("title", "publisher", "published", "language", "taxonomy")
                     if getattr(args, k) is not None]  # fmt: skip
            if given:
                print(f"dashboard new: {', '.join(given)} cannot be used with --from; "
                      "edit the copy's dataset.toml instead", file=sys.stderr)  # fmt: skip
                return 2
            problems = copy_dataset(args.folder, args.source)
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"copied {args.source} to {args.folder}")
            if problems:
                print(f"the copy has {len(problems)} problem(s); curate shows them and lets you "
                      "fix them", file=sys.stderr)  # fmt: skip
        else:
            meta = Metadata(args.title, args.publisher, args.published, args.language)
            dataset = new_dataset(args.folder, args.article, meta, args.taxonomy)
            print(
                f"created {args.folder}: {len(dataset.sentences)} sentences, "
                f"{len(dataset.relations)} relation types, no actors or relations yet"
            )
    except NewError as error:
        print(f"dashboard new: {error}", file=sys.stderr)
        return 1
    print(f"next: python -m dashboard curate {args.folder}")
    return 0


def _curate(args: argparse.Namespace) -> int:
    from dashboard.curate.server import serve

    compare = None
    if args.compare is not None:
        compare = _load_one(args.compare, "curate was not started")
        if compare is None:
            return 1
        if not isinstance(compare, Dataset):
            print(
                f"dashboard: {args.compare} is a folder of several datasets; --compare takes one "
                "dataset folder of the same article",
                file=sys.stderr,
            )
            return 1
    return serve(args.folder, args.port, compare)
