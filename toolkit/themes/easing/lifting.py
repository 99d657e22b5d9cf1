"""What lifting a set of measures takes: who must act, the minimum formal time, the statutes in the way."""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.themes.easing.authority import AUTHORITIES, check_measure_ids

__all__ = ["LiftPath", "lift_path"]


@dataclass
class LiftPath:
    """What lifting a set of measures takes.

    Attributes
    ----------
    measure_ids : list of str
    table : pandas.DataFrame
        One authority row per measure.
    actors : list of str
        Who must act, from :data:`AUTHORITIES`, plus Congress when a statute
        stands in the way of an executive action.
    min_wait_days : int
        Minimum formal waiting time before the last action can take effect
        (the actions can run in parallel, so the longest fixed wait).
    requires_legislation : bool
        True when some measure can only go by new legislation (no fixed minimum time).
    statutes_in_way : list of str
    renewals : list of str
        Renewal cycles that give a member state a veto (EU).
    not_recorded : list of str
        Measures whose lifting path is not recorded (no actor or wait is claimed for them).
    """

    measure_ids: list[str]
    table: object
    actors: list[str] = field(default_factory=list)
    min_wait_days: int = 0
    requires_legislation: bool = False
    statutes_in_way: list[str] = field(default_factory=list)
    renewals: list[str] = field(default_factory=list)
    not_recorded: list[str] = field(default_factory=list)

    def summary(self):
        """Return the lift path as a two-column table (``item``, ``value``)."""
        import pandas as pd

        wait = f"{self.min_wait_days} days"
        if self.requires_legislation:
            wait += " + new legislation (no fixed minimum)"
        rows = [
            ("measures", ", ".join(self.measure_ids) or "none"),
            ("who must act", "; ".join(self.actors) or "nobody"),
            ("minimum formal time", wait),
            ("statutes in the way", "; ".join(self.statutes_in_way) or "none"),
            ("renewal vetoes", "; ".join(self.renewals) or "none"),
        ]
        if self.not_recorded:
            rows.append(("lifting path not recorded", ", ".join(self.not_recorded)))
        return pd.DataFrame(rows, columns=["item", "value"])


def lift_path(authority, measure_ids) -> LiftPath:
    """Return who must act, the minimum formal time and the statutes in the way to lift measures.

    Parameters
    ----------
    authority : pandas.DataFrame
        The ``authority_map`` dataset.
    measure_ids : list of str
        Ids of ``measures`` (e.g. ``["US-EO13662", "EU-PKG06"]``).

    Returns
    -------
    LiftPath

    Raises
    ------
    ParameterError
        An unknown measure id (the message lists the known ones).

    Examples
    --------
    >>> import toolkit
    >>> lift_path(toolkit.load("authority_map"), ["US-EO13662"]).min_wait_days
    30
    """
    if isinstance(measure_ids, str):
        measure_ids = [measure_ids]
    ids = list(dict.fromkeys(measure_ids))
    authority = check_measure_ids(authority, ids)
    table = authority.set_index("measure_id").loc[ids].reset_index()
    order = {a: i for i, a in enumerate(AUTHORITIES)}
    recorded = table["who_can_lift"] != "not recorded"
    actors = sorted(set(table.loc[recorded, "who_can_lift"]), key=order.get)
    statutes = []
    for text in table["statutes_in_way"]:
        for part in filter(None, (p.strip() for p in str(text).split(";"))):
            if part not in statutes:
                statutes.append(part)
    legislation = bool(table["requires_legislation"].fillna(False).any())
    if legislation and "Congress only" not in actors:
        actors.append("Congress (to amend the statutes in the way)")
    waits = table["min_wait_days"].dropna()
    renewals = sorted({r for r in table["renewal"] if r})
    return LiftPath(
        measure_ids=ids,
        table=table,
        actors=actors,
        min_wait_days=int(waits.max()) if len(waits) else 0,
        requires_legislation=legislation,
        statutes_in_way=statutes,
        renewals=renewals,
        not_recorded=table.loc[~recorded, "measure_id"].tolist(),
    )
