"""The ``sanctions-toolkit`` command: batch reports and the dataset table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from toolkit.errors import ParameterError, ReportError, ToolkitError

#: Markers around the generated dataset table in README.md.
README_START = "<!-- datasets:start -->"
README_END = "<!-- datasets:end -->"
#: Markers around the generated source table in README.md.
SOURCES_START = "<!-- sources:start -->"
SOURCES_END = "<!-- sources:end -->"

_TABLE_COLUMNS = ("name", "title", "publisher", "source", "vintage", "licence", "kind")


def _cell(value) -> str:
    text = " ".join(str(value).split())
    return text.replace("|", "\\|")


def datasets_markdown() -> str:
    """Return the registry as a Markdown table (the README's dataset table)."""
    from toolkit.registry import list_datasets

    df = list_datasets()
    lines = [
        "| " + " | ".join(_TABLE_COLUMNS) + " |",
        "|" + "|".join("---" for _ in _TABLE_COLUMNS) + "|",
    ]
    for row in df.itertuples(index=False):
        cells = []
        for col in _TABLE_COLUMNS:
            value = _cell(getattr(row, col))
            if col == "name":
                value = f"`{value}`"
            elif col == "source" and value.startswith(("http://", "https://")):
                value = f"<{value}>"
            cells.append(value)
        lines.append("| " + " | ".join(cells) + " |")
    if df.empty:
        lines.append("| " + " | ".join("" for _ in _TABLE_COLUMNS) + " |")
    return "\n".join(lines) + "\n"


def sources_markdown() -> str:
    """Return the source declarations as a Markdown table (the README's source table)."""
    from toolkit.sources import _declarations

    head = ("key", "title", "publisher", "official URL", "files", "licence", "format", "reader")
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for s in _declarations().values():
        if s.url:
            url = s.folder_url("{variant}") if s.variants else s.url
            where = f"<{url}>" if not s.variants else f"`{url}` ({', '.join(s.variants)})"
        else:
            where = f"none known: {s.url_note}"
        files = ", ".join(f"`{f}`" for f in s.files) or "(a folder of exports)"
        reader = s.reader.replace(":", ".")
        cells = [f"`{s.key}`", s.title, s.publisher, where, files, s.licence, s.format]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + f" | `{reader}` |")
    return "\n".join(lines) + "\n"


def _replace_between(path: Path, text: str, start_mark: str, end_mark: str, table: str) -> str:
    start, end = text.find(start_mark), text.find(end_mark)
    if start < 0 or end < start:
        raise ToolkitError(f"{path}: no {start_mark} ... {end_mark} markers")
    return text[: start + len(start_mark)] + "\n" + table + text[end:]


def update_readme(path) -> bool:
    """Replace the dataset and source tables between the README markers; return whether it changed.

    Raises
    ------
    ToolkitError
        If the markers are missing.
    """
    from toolkit.io import atomic_write

    path = Path(path)
    text = path.read_text(encoding="utf-8")
    new = _replace_between(path, text, README_START, README_END, datasets_markdown())
    new = _replace_between(path, new, SOURCES_START, SOURCES_END, sources_markdown())
    if new != text:
        atomic_write(path, new)
    return new != text


def _cmd_datasets(args) -> int:
    if args.update_readme:
        changed = update_readme(args.update_readme)
        state = "updated" if changed else "already current"
        print(f"{args.update_readme}: dataset and source tables {state}")
        return 0
    if args.markdown:
        sys.stdout.write(datasets_markdown())
        return 0
    from toolkit.registry import list_datasets

    df = list_datasets()
    if df.empty:
        print("no dataset registered")
        return 0
    width = 60  # one line per dataset; --markdown gives the full provenance

    def short(text: str) -> str:
        text = " ".join(str(text).split())
        return text if len(text) <= width else text[: width - 1] + "…"

    table = df[["name", "kind", "theme", "publisher"]].assign(publisher=df["publisher"].map(short))
    print(table.to_string(index=False))
    return 0


def _cmd_report(args) -> int:
    from toolkit.report.runner import run_report

    if args.dry_run:
        from toolkit.report.runner import find_runs
        from toolkit.report.sweeps import describe_runs

        runs = find_runs(args.profile, notebooks=args.notebooks, params=args.params, only=args.only)
        where = f"scheduler {args.scheduler}" if args.scheduler else f"jobs {max(1, args.jobs)}"
        print(f"{len(runs)} run(s), profile {args.profile!r}, {where}, into {args.out} (dry run)")
        for line in describe_runs(runs):
            print(f"  {line}")
        return 0
    try:
        run_report(
            args.profile,
            jobs=args.jobs,
            out=args.out,
            notebooks=args.notebooks,
            params=args.params,
            timeout=args.timeout,
            show_code=args.show_code,
            only=args.only,
            scheduler=args.scheduler,
        )
    except ReportError as exc:
        print(f"sanctions-toolkit report: {exc}", file=sys.stderr)
        return 1
    return 0


def _cmd_params(args) -> int:
    from toolkit.report.params import notebook_parameters

    for p in notebook_parameters(args.notebook).values():
        default = repr(p.default)
        print(f"{p.name}: {p.expected()} = {default}" + (f"  # {p.help}" if p.help else ""))
    return 0


def _cmd_data_fetch(args) -> int:
    from toolkit.sources.fetch import FetchError, fetch

    try:
        result = fetch(
            args.name,
            variant=args.variant,
            base_url=args.base_url,
            cache=args.cache,
            timeout=args.timeout,
            allow_shrink=args.allow_shrink,
        )
    except FetchError as exc:
        print(f"sanctions-toolkit data fetch: {exc}; the cached copy is unchanged", file=sys.stderr)
        return 1
    verb = "fetched and checked" if result.changed else "unchanged since the last fetch"
    print(f"{result.name}: {verb} ({result.rows} rows read) -> {result.folder}")
    for r in result.files:
        print(f"  {r['file']}: {r['bytes']:,} bytes, sha256 {r['sha256']}, from {r['url']}")
    if result.previous is not None:
        print(f"  previous version kept in {result.previous}")
    return 0


def _cmd_data_status(args) -> int:
    from toolkit.sources.cache import cache_dir, slots, status

    rows = status(args.cache)
    print(f"cache: {cache_dir(args.cache)}")
    cached = {r["source"] for r in rows}
    for r in rows:
        print(
            f"{r['source']:<32} {r['version']:<9} {r.get('file', '?'):<18} "
            f"{r.get('retrieved_at', '?'):<21} {r.get('bytes', 0):>12,}  sha256 {r.get('sha256', '?')}"
            + ("" if r["state"] == "ok" else f"  [{r['state']}]")
        )
    for name in sorted(set(slots()) - cached):
        key, _, variant = name.partition("/")
        command = f"sanctions-toolkit data fetch {key}" + (
            f" --variant {variant}" if variant else ""
        )
        print(f"{name:<32} not fetched ({command})")
    return 0


def _add_data_parser(sub) -> None:
    from toolkit.sources.fetch import BASE_URL_ENV, CACHE_ENV, DEFAULT_TIMEOUT, SOURCES

    data = sub.add_parser(
        "data",
        help="download official sources into the user cache, and list what is cached",
        description=f"Official files in a user cache (--cache, ${CACHE_ENV}, else the platform's "
        "cache folder), each with a JSON sidecar of URL, retrieval time and sha256.",
    )
    dsub = data.add_subparsers(dest="data_command", required=True)
    fe = dsub.add_parser(
        "fetch",
        help="download a source, check it with the toolkit's reader, make it current",
        description="Download every file of NAME, read it with the toolkit's reader and only then "
        "replace the cached copy (kept as 'previous'). Sources: " + ", ".join(SOURCES),
    )
    fe.add_argument("name", metavar="NAME", help="a source key, one of: " + ", ".join(SOURCES))
    variants = [f"{k}: {', '.join(s.variants)}" for k, s in SOURCES.items() if s.variants]
    fe.add_argument(
        "--variant",
        default=None,
        help="for a source with variants, which one (default the first; "
        + "; ".join(variants)
        + ")",
    )
    fe.add_argument(
        "--base-url",
        default=None,
        help=f"replace the official folder URL (a mirror); default ${BASE_URL_ENV}, else official",
    )
    fe.add_argument("--cache", type=Path, default=None, help=f"cache folder (default ${CACHE_ENV})")
    fe.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="seconds a connection or a read may stay silent (default: %(default)s)",
    )
    fe.add_argument(
        "--allow-shrink",
        action="store_true",
        help="accept a version with over 10%% fewer rows than the cached one (held back "
        "otherwise: a download cut at a record boundary reads as a shorter valid file)",
    )
    fe.set_defaults(func=_cmd_data_fetch)
    st = dsub.add_parser("status", help="list cached files with retrieval dates and sha256")
    st.add_argument("--cache", type=Path, default=None, help=f"cache folder (default ${CACHE_ENV})")
    st.set_defaults(func=_cmd_data_status)


def build_parser() -> argparse.ArgumentParser:
    """Return the command-line parser."""
    from toolkit.report.execute import DEFAULT_TIMEOUT
    from toolkit.report.runner import DEFAULT_OUT

    parser = argparse.ArgumentParser(
        prog="sanctions-toolkit",
        description="Batch reports of the sanctions-toolkit notebooks, and its dataset registry.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    rep = sub.add_parser(
        "report",
        help="run every notebook that has a params profile and write an HTML report",
        description="Run, through papermill, each notebook that has params/<notebook>/<profile>.yaml "
        "and write the executed notebooks, their HTML, index.html and summary.json.",
    )
    rep.add_argument("--profile", default="default", help="params profile (default: %(default)s)")
    rep.add_argument("--jobs", type=int, default=1, help="notebooks run at once (default: 1)")
    rep.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)"
    )
    rep.add_argument(
        "--notebooks", type=Path, default=None, help="notebooks folder (default: the project's)"
    )
    rep.add_argument(
        "--params", type=Path, default=None, help="params folder (default: the project's)"
    )
    rep.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="per-cell execution timeout in seconds (default: %(default)s)",
    )
    rep.add_argument("--show-code", action="store_true", help="show code cells in the HTML")
    rep.add_argument(
        "--only",
        action="append",
        metavar="NOTEBOOK",
        help="run only this notebook stem (repeatable)",
    )
    rep.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="send each run as a task to this Dask distributed scheduler (e.g. tcp://host:8786)",
    )
    rep.add_argument(
        "--dry-run",
        action="store_true",
        help="list the runs (sweeps expanded) and their parameters; start no kernel",
    )
    rep.set_defaults(func=_cmd_report)

    ds = sub.add_parser("datasets", help="list the registered datasets with their provenance")
    ds.add_argument("--markdown", action="store_true", help="print the README dataset table")
    ds.add_argument(
        "--update-readme", type=Path, metavar="README", help="rewrite the table between the markers"
    )
    ds.set_defaults(func=_cmd_datasets)

    pa = sub.add_parser("params", help="show the parameters a notebook declares")
    pa.add_argument("notebook", type=Path)
    pa.set_defaults(func=_cmd_params)
    _add_data_parser(sub)
    return parser


def main(argv=None) -> int:
    """Run the command line; return the exit status (0 ok, 1 failed runs, 2 bad input)."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ParameterError as exc:
        print(f"sanctions-toolkit {args.command}: invalid parameters:\n{exc}", file=sys.stderr)
        return 2
    except ToolkitError as exc:
        print(f"sanctions-toolkit {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
