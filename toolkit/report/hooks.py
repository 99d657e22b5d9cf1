"""The report's collectors: what a notebook displays under a known MIME type goes into its entry.

A notebook hands the batch report a record by displaying it as a raw JSON output
under a MIME type the report knows (``display({mimetype: record}, raw=True)``). The
runner looks for each collector's MIME type in the executed notebook and copies the
first such record into the run's summary entry under the collector's key; the index
page reads it from there. The report imports nothing of the modules that display
these records: the MIME type is the whole contract.

To add one: display the record in the notebook (under a MIME type of the form
``application/vnd.sanctions-toolkit.<what>+json``) and add a :class:`Collector` here.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["COLLECTORS", "Collector", "collect"]


@dataclass(frozen=True)
class Collector:
    """Copies the record a notebook displayed under ``mimetype`` into its entry's ``key``.

    Parameters
    ----------
    key : str
        The summary entry's key that receives the record.
    mimetype : str
        The output MIME type the record is displayed under.
    many : bool
        Collect every record, in notebook order, as a list (default: the first only).
    """

    key: str
    mimetype: str
    many: bool = False

    def find(self, nb) -> dict | list | None:
        """Return the first record under :attr:`mimetype` in ``nb``, or None.

        With :attr:`many`, return every record, in notebook order (None when there is none).
        """
        found = []
        for cell in nb.get("cells", []):
            for output in cell.get("outputs", []) or []:
                record = output.get("data", {}).get(self.mimetype)
                if record and not self.many:
                    return dict(record)
                if record:
                    found.append(dict(record))
        return found or None


#: The collectors applied to every executed notebook.
COLLECTORS: tuple[Collector, ...] = (
    # the claims audit's verdict counts (toolkit.claims.html.display_summary, notebook 00):
    # the index's overview table
    Collector(key="audit", mimetype="application/vnd.sanctions-toolkit.audit+json"),
    # toolkit.notebook.finding: the index opens on them, per theme
    Collector(key="findings", mimetype="application/vnd.sanctions-toolkit.finding+json", many=True),
)


def collect(nb, collectors=COLLECTORS) -> dict:
    """Return ``{key: record}`` of every collector that found its record in ``nb``.

    Parameters
    ----------
    nb : nbformat.NotebookNode or dict
        An executed notebook.
    collectors : iterable of Collector
        Default :data:`COLLECTORS`.

    Returns
    -------
    dict
        Only the keys whose record was found.
    """
    found = {}
    for collector in collectors:
        record = collector.find(nb)
        if record is not None:
            found[collector.key] = record
    return found
