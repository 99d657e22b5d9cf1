"""The toolkit's exception hierarchy: every error names what went wrong and where."""

from __future__ import annotations

__all__ = [
    "DataFormatError",
    "FetchError",
    "ParameterError",
    "ParameterErrors",
    "ReportError",
    "SharedDataMissing",
    "ToolkitError",
    "Unavailable",
    "UnknownDatasetError",
]


class ToolkitError(Exception):
    """Base class of every error the toolkit raises on purpose."""


class UnknownDatasetError(ToolkitError, KeyError):
    """A dataset name that the registry does not know."""

    def __init__(self, name: str, known: list[str], *, hint: str = ""):
        self.name = name
        self.known = sorted(known)
        self.hint = hint
        super().__init__(name)

    def __str__(self) -> str:
        """Name the unknown dataset and the known ones."""
        text = f"unknown dataset {self.name!r}; known datasets: {', '.join(self.known)}"
        return f"{text} ({self.hint})" if self.hint else text


class DataFormatError(ToolkitError, ValueError):
    """An input file that does not have the layout or content the reader expects.

    Parameters
    ----------
    path : str or path-like
        The file (or folder) being read.
    problem : str
        What is wrong, including what was expected.
    line, row, column : optional
        Where in the file: a 1-based line number of the raw text, a row label or
        number of a table, a column name.
    """

    def __init__(self, path, problem: str, *, line=None, row=None, column=None):
        self.path = str(path)
        self.problem = problem
        self.line = line
        self.row = row
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        """Name the file, the place in it, and the problem."""
        where = [self.path]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.problem}"


class ParameterError(ToolkitError, ValueError):
    """A notebook parameter or loader option that is unknown, mistyped or impossible.

    Parameters
    ----------
    problem : str
        What is wrong and what was expected.
    source : str, optional
        Where the value came from (a params file path, a function name).
    key : str, optional
        The parameter or option name.
    """

    def __init__(self, problem: str, *, source=None, key=None):
        self.problem = problem
        self.source = None if source is None else str(source)
        self.key = key
        super().__init__(str(self))

    def __str__(self) -> str:
        """Name where the parameter comes from, its key, and the problem."""
        where = []
        if self.source:
            where.append(self.source)
        if self.key:
            where.append(f"key {self.key!r}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.problem}" if prefix else self.problem


class ReportError(ToolkitError):
    """A batch report whose runs failed; carries the names of the failed runs."""

    def __init__(self, failed: list[str]):
        self.failed = list(failed)
        super().__init__(f"{len(self.failed)} run(s) failed: {', '.join(self.failed)}")


class ParameterErrors(ParameterError):
    """Several invalid params files, found together before any kernel started."""

    def __init__(self, errors: list[ParameterError]):
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.problem, source=first.source, key=first.key)

    def __str__(self) -> str:
        """Every file's message, one per line."""
        return "\n".join(ParameterError.__str__(e) for e in self.errors)


class SharedDataMissing(ParameterError):
    """An input that lives only in the shared data folder (``../shared/data``), absent here.

    Some real files are never copied into the toolkit (licence, size). A notebook that
    needs one raises this; the batch report then records the run as ``skipped`` with the
    reason, instead of failing the whole report.

    Parameters
    ----------
    problem : str
        What is missing and how to provide it.
    needs : str
        The folder or file of the shared data folder the run needs, with what it holds
        (e.g. ``"eurostat-cn8-exports (Eurostat CN8 workbooks)"``).
    source, key : optional
        As :class:`ParameterError`.
    """

    def __init__(self, problem: str, *, needs: str, source=None, key=None):
        self.needs = needs
        super().__init__(problem, source=source, key=key)

    def __str__(self) -> str:
        """Return the problem, then ``[needs <what>]`` (the report reads what a run needs)."""
        return f"{ParameterError.__str__(self)} [needs {self.needs}]"


class FetchError(ToolkitError):
    """A download that failed, timed out or did not read; the cached copy is unchanged."""


class Unavailable(ToolkitError):
    """The data a claim check needs is missing; the message says what and why."""
