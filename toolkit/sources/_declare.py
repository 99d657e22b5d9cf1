"""The declaration of a source: what one official file or list is, and everything read from it.

Every module ``toolkit/sources/<key>.py`` declares ``SOURCE = Source(...)`` once. The rest
of the toolkit reads these declarations: ``data fetch`` / ``data status``, the reader datasets
of the catalog (``toolkit.load(key, path=...)``), the README source table
(:func:`toolkit.sources.list_sources`), and the test suites (the shared files each reader is
tested on, the hostile-input formats). Nothing here imports pandas.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from toolkit.fields import Column

__all__ = ["Hostile", "ReaderDataset", "Source"]

#: What ``url`` says of a source whose files have no download URL known to the toolkit.
NO_URL = ""


@dataclass(frozen=True)
class Hostile:
    """One entry of the hostile-input suites: the clean file a reader's damaged copies start from.

    Parameters
    ----------
    suite : {"text", "workbook"}
        ``tests/sources/test_hostile_text.py`` or ``test_hostile_workbooks.py``.
    file : str
        Name the damaged file is written under (the official file name).
    samples : tuple of str
        Files in the shared data folder (relative to it) whose rows seed the cases beside the
        hand-written ones; absent files are skipped.
    part : str
        Which file of a list set (``"add"``, ``"alt"``, ``"comments"``) when a source has several
        entries; empty for the main file.
    required : tuple of str
        Input columns the reader must find (a missing one is named in the error).
    encoding : str
        Encoding the publisher writes.
    huge_column, huge_output : str, optional
        A free-text input column, and the output column that returns it whole.
    final_line_end : bool
        The publisher ends the last record with a line end.
    quote_all : bool
        The publisher quotes every field.
    legacy_ofac : bool
        OFAC's header-less legacy CSV (``ent_num`` unquoted, ``-0-`` nulls, CRLF, final 0x1A).
    sort : tuple of str
        Columns that order the output before two reads are compared.
    huge_all_rows : bool
        The huge column is part of a key the reader checks across rows.
    folder : bool
        The reader is given the file's folder (a folder of exports with no fixed names).
    """

    suite: str
    file: str
    samples: tuple[str, ...] = ()
    part: str = ""
    required: tuple[str, ...] = ()
    encoding: str = "utf-8"
    huge_column: str | None = None
    huge_output: str | None = None
    final_line_end: bool = True
    quote_all: bool = False
    legacy_ofac: bool = False
    sort: tuple[str, ...] = ()
    huge_all_rows: bool = False
    folder: bool = False


@dataclass(frozen=True)
class ReaderDataset:
    """How the catalog lists a source's reader: ``toolkit.load(<source key>, path=...)``.

    Parameters
    ----------
    theme : str
        The notebook theme the dataset belongs to.
    vintage : str
        The vintage as the user downloads it (never invented).
    citation : str
        How a report cites the data.
    columns : tuple of Column
        The columns the reader returns that the catalog declares (and ``load`` checks).
    description : str
        One line on how to load it.
    usage_warnings : tuple of str
        Caveats a researcher must know.
    default_file : str
        The file or folder, relative to the shared data folder, read when no ``path=`` is given
        (empty: ``path=`` is required).
    as_of : str, optional
        The latest period the default (shared) file covers, ISO date or period; None when
        there is no default file or it is not declared (see ``toolkit.registry.Dataset``).
    cadence : str, optional
        How often the publisher issues a new vintage (``toolkit.registry.CADENCES``).
    """

    theme: str
    vintage: str
    citation: str
    columns: tuple[Column, ...]
    description: str = ""
    usage_warnings: tuple[str, ...] = ()
    default_file: str = ""
    as_of: str | None = None
    cadence: str | None = None


@dataclass(frozen=True)
class Source:
    """One official source: where it is published, its format and licence, and its reader.

    Parameters
    ----------
    key : str
        The one snake_case name of the source: its module, its reader dataset in the catalog,
        ``sanctions-toolkit data fetch KEY``, its hostile-input suite and its tests.
    title, publisher : str
        What the file is and who publishes it.
    licence : str
        Licence or terms of the data (a text of :data:`toolkit.fields.LICENCES`).
    format : str
        The file format as published (``"xlsx workbook"``, ``"legacy CSV list set"``...).
    reader : str
        ``"module:function"`` reading the file (or the folder when ``reads_folder``).
    url : str
        The official folder the file names are appended to (for a source without fixed file
        names: the page the files are exported from); empty when the toolkit knows no stable
        URL (``url_note`` says why and where the file comes from).
    files : tuple of str
        The official file names, downloaded together by ``data fetch``; the first is the main
        one. Empty for a source that is a folder of exports with no fixed names.
    url_note : str
        Where the URL is documented, or why there is none.
    reads_folder : bool
        The reader takes the folder of the files (list sets with their companions).
    variants : tuple of str
        Published exports sharing the format and the URL pattern ``url.format(variant=...)``,
        the default first (OpenSanctions datasets). Each is cached apart.
    shared : tuple of str
        Files or folders in the shared data folder (``../shared/data``, see its PROVENANCE.md)
        that exercise the reader; the first is the one the catalog test loads.
    dataset : ReaderDataset
        The reader's entry in the catalog.
    hostile : tuple of Hostile
        Its entries in the hostile-input suites.
    """

    key: str
    title: str
    publisher: str
    licence: str
    format: str
    reader: str
    dataset: ReaderDataset
    url: str = NO_URL
    files: tuple[str, ...] = ()
    url_note: str = ""
    reads_folder: bool = False
    variants: tuple[str, ...] = ()
    shared: tuple[str, ...] = ()
    hostile: tuple[Hostile, ...] = field(default=())

    def __post_init__(self):
        """Check the key, the reader's form, and that a missing URL is explained."""
        if not self.key.isidentifier() or self.key != self.key.lower():
            raise ValueError(f"source key {self.key!r} must be one snake_case name")
        if ":" not in self.reader:
            raise ValueError(f"source {self.key!r}: reader must be 'module:function'")
        if not self.url and not self.url_note:
            raise ValueError(f"source {self.key!r}: no URL, and no url_note saying why")

    @property
    def fetchable(self) -> bool:
        """Whether ``data fetch`` can download it (it has fixed file names)."""
        return bool(self.files)

    def folder_url(self, variant: str | None = None, base_url: str | None = None) -> str:
        """Return the folder URL of ``variant`` (a mirror's ``base_url`` wins); "" when none."""
        base = base_url or self.url
        if self.variants:
            base = base.format(variant=variant or self.variants[0])
        return base

    def file_url(self, file: str, variant: str | None = None, base_url: str | None = None) -> str:
        """Return the URL of one of its files."""
        return self.folder_url(variant, base_url).rstrip("/") + "/" + file

    def urls(self) -> list[str]:
        """Return the official URLs of its files (every variant); empty when none is known."""
        if not self.url:
            return []
        if not self.files:
            return [self.url]  # a page to export from, not a download folder
        variants = self.variants or (None,)
        return [self.file_url(f, v) for v in variants for f in self.files]

    def slot(self, variant: str | None = None) -> str:
        """Return the cache folder name of one variant: ``key`` or ``key/variant``."""
        if not self.variants:
            if variant:
                raise ValueError(f"source {self.key!r} has no variants (got {variant!r})")
            return self.key
        chosen = variant or self.variants[0]
        if chosen not in self.variants:
            raise ValueError(
                f"source {self.key!r} has no variant {chosen!r}; known: {', '.join(self.variants)}"
            )
        return f"{self.key}/{chosen}"

    def read_function(self):
        """Import and return the reader callable."""
        module, func = self.reader.split(":")
        return getattr(importlib.import_module(module), func)

    def provenance(self, **extra) -> dict:
        """Return the ``df.attrs["source"]`` record of a read: publisher, title, licence, ..."""
        record = {
            "publisher": self.publisher,
            "title": self.title,
            "licence": self.licence,
            "citation": self.dataset.citation,
        }
        record.update(extra)
        return record

    def column_names(self) -> list[str]:
        """Return the names of the reader's declared columns, in order."""
        return [c.name for c in self.dataset.columns]
