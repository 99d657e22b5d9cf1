"""DuckDB plumbing of the large-data path: connections and SQL quoting (see :mod:`toolkit.sources.bulk`)."""

from __future__ import annotations

_DEFAULT = None


def connect(database: str = ":memory:", *, threads: int | None = None, memory_limit=None):
    """Return a new DuckDB connection.

    Parameters
    ----------
    database : str
        ``":memory:"`` or a database file.
    threads : int, optional
        Worker threads (default: DuckDB's, one per core).
    memory_limit : str, optional
        Such as ``"2GB"``; DuckDB spills to a temporary folder beyond it.
    """
    import duckdb

    con = duckdb.connect(database)
    if threads is not None:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit is not None:
        con.execute("SET memory_limit = ?", [str(memory_limit)])
    return con


def _con(con):
    global _DEFAULT
    if con is not None:
        return con
    if _DEFAULT is None:
        _DEFAULT = connect()
    return _DEFAULT


def _quote(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _case(expr: str, mapping: dict, *, default: str = "NULL") -> str:
    whens = " ".join(
        f"WHEN {_quote(k)} THEN {_quote(v) if isinstance(v, str) else v}"
        for k, v in mapping.items()
    )
    return f"CASE {expr} {whens} ELSE {default} END"
