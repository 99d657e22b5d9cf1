"""The ``sanctions-toolkit`` command: batch reports and the dataset table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from toolkit.errors import ParameterError, ReportError, ToolkitError

#: Markers around the generated dataset table in README.md.
README_START = "<!-- datasets:start -->"
README_END = "<!-- datasets:end -->"

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


def update_readme(path) -> bool:
    """Replace the dataset table between the README markers; return whether it changed.

    Raises
    ------
    ToolkitError
        If the markers are missing.
    """
    from toolkit.io import atomic_write

    path = Path(path)
    text = path.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise ToolkitError(f"{path}: no {README_START} ... {README_END} markers")
    new = text[: start + len(README_START)] + "\n" + datasets_markdown() + text[end:]
    if new != text:
        atomic_write(path, new)
    return new != text


def _cmd_datasets(args) -> int:
    if args.update_readme:
        changed = update_readme(args.update_readme)
        print(f"{args.update_readme}: dataset table {'updated' if changed else 'already current'}")
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
    from toolkit.report import run_report

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
        )
    except ReportError as exc:
        print(f"sanctions-toolkit report: {exc}", file=sys.stderr)
        return 1
    return 0


def _cmd_params(args) -> int:
    from toolkit.params import notebook_parameters

    for p in notebook_parameters(args.notebook).values():
        default = repr(p.default)
        print(f"{p.name}: {p.expected()} = {default}" + (f"  # {p.help}" if p.help else ""))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the command-line parser."""
    from toolkit.report import DEFAULT_OUT, DEFAULT_TIMEOUT

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
