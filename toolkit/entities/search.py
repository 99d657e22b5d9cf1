"""Search every list for a name: aliases included, across scripts and romanisations.

The score
---------
Both the query and every name of every list are reduced to a key
(:func:`toolkit.entities.names.name_key`: honorifics and legal forms removed, Latin
letters, case and punctuation dropped, romanisation differences folded, tokens sorted).
The score, 0-100, is the larger of

* ``ratio``: rapidfuzz's normalised Indel similarity of the two keys (word order and
  spelling), less a point per character a query key is shorter than :data:`SHORT` when the
  keys differ (one letter is a larger part of a short name), and
* ``subset``: rapidfuzz's ``token_set_ratio`` less :data:`SUBSET_PENALTY` points, counted
  only when the query has two or more words, a name shares at least two of them (all but
  one at most) and has at least as many words: the query's words all in a longer name
  (``Aleksandr Petrov`` in ``Aleksandr Vladimirovich Petrov``) score
  ``100 - SUBSET_PENALTY``; a one-word alias (``George``) never matches a longer query
  (``George Bush``) this way.

Only names with a word that begins with the same :data:`_PREFIX` letters as a word of the
query (after folding) are scored: a name spelled differently in the first letters of every
word is not found.

Results at or above :data:`THRESHOLD` are matches; below it, near misses, which the search
still returns (``match`` False) so that a reader sees what nearly matched: ``George Bush``
finds the alias ``George B`` of an OpenSanctions entry and ``HABBASH, George`` of the SDN list,
both under the threshold.
``benchmarks/bench_entities.py`` measures precision and recall at the threshold on
perturbed aliases from the files themselves.
"""

from __future__ import annotations

from toolkit.entities.index import name_index
from toolkit.entities.names import name_key

__all__ = ["RESULT_COLUMNS", "SHORT", "SUBSET_PENALTY", "THRESHOLD", "search"]

#: Score at or above which a result is a match (see the module's docstring).
THRESHOLD = 92.0
#: Points taken from a subset match (every query word in a longer name).
SUBSET_PENALTY = 8.0
#: Query keys shorter than this many characters lose a point per missing character on an
#: inexact match (``man gani``, 8 characters: 4 points).
SHORT = 12
#: Columns of :func:`search`'s result.
RESULT_COLUMNS = (
    "list",
    "entity_id",
    "primary_name",
    "matched_alias",
    "score",
    "match",
    "programs",
    "first_seen",
    "last_seen",
)
#: Names compared with a query: those with a word beginning with the same letters as one of
#: the query's words (after folding).
_PREFIX = 3


def _scores(query: str, prepared):
    """Return ``{row: score}`` of the candidates for the query key (rows of the index)."""
    import numpy as np
    from rapidfuzz import fuzz, process

    keys, postings, prefixes, sizes = prepared
    words = set(query.split())
    near = [prefixes[w[:_PREFIX]] for w in words if w[:_PREFIX] in prefixes]
    if not near:
        return {}
    rows = np.unique(np.concatenate(near))
    subset = [keys[i] for i in rows.tolist()]
    ratio = process.cdist([query], subset, scorer=fuzz.ratio, dtype=np.float32)[0]
    # one letter is a larger part of a short name: an inexact match of a query under
    # SHORT letters loses a point per missing letter
    short = max(0, SHORT - len(query))
    ratio = np.where(ratio < 100, ratio - short, ratio)
    good = ratio >= 50
    best = dict(zip(rows[good].tolist(), ratio[good].tolist(), strict=True))
    hit = [postings[w] for w in words if w in postings]
    if len(words) >= 2 and len(hit) >= 2:
        rows, shared = np.unique(np.concatenate(hit), return_counts=True)
        # every query word but at most one in a name at least as long as the query
        keep = rows[(shared >= max(2, len(words) - 1)) & (sizes[rows] >= len(words))]
        for i in keep.tolist():
            score = fuzz.token_set_ratio(query, keys[i]) - SUBSET_PENALTY
            best[i] = max(best.get(i, 0.0), score)
    return best


def search(name: str, lists=None, limit: int = 10):
    """Find a person, company or vessel by name across every list, aliases included.

    Parameters
    ----------
    name : str
        A name in any script, order, case or romanisation (``"Prigozhin Yevgeniy"``,
        ``"Евгений Пригожин"``, ``"OOO Gazprom Neft"``).
    lists : sequence of str, optional
        Some of :data:`toolkit.entities.index.LISTS` (default: every list present).
    limit : int
        Most entities returned (best first; one row per list and entity: its best name).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RESULT_COLUMNS`: ``matched_alias`` is the list's name that scored
        best (the primary name or an alias), ``score`` 0-100 (see the module's
        docstring), ``match`` whether it reaches :data:`THRESHOLD`; ``programs`` the
        programs or regimes; ``first_seen``/``last_seen`` the first and last dates the
        list shows the entity (OFAC: snapshots; UN: ``LISTED_ON`` and the file's date;
        DFAT: listing date or control date, and the workbook's date; OpenSanctions:
        its crawler's ``first_seen``/``last_seen``; NaT when not known).

    Raises
    ------
    Unavailable
        When no list's files are present (or a list asked for is absent).

    Examples
    --------
    >>> search("Yevgeniy Prigozhin", limit=3)  # doctest: +SKIP
    """
    import pandas as pd

    index = name_index(lists)
    prepared = _prepare(index)
    query = name_key(name)
    cols = list(RESULT_COLUMNS)
    if not query:
        return pd.DataFrame(columns=cols)
    scores = _scores(query, prepared)
    if not scores:
        return pd.DataFrame(columns=cols)
    lst, ent = index["list"].to_numpy(), index["entity_id"].to_numpy()
    primary = index["name_type"].to_numpy() == "primary"
    best: dict = {}  # (list, entity) -> row of its best name; a primary name wins a tie
    for i in sorted(scores, key=lambda i: -scores[i]):
        j = best.setdefault((lst[i], ent[i]), i)
        if j != i and scores[j] == scores[i] and primary[i] and not primary[j]:
            best[(lst[i], ent[i])] = i
    rows = list(best.values())[:limit]
    hits = index.iloc[rows].rename(columns={"name": "matched_alias"})
    hits = hits.assign(score=[round(scores[i], 1) for i in rows])
    hits["match"] = hits["score"] >= THRESHOLD
    out = hits[cols].reset_index(drop=True)
    out.attrs["query_key"] = query
    out.attrs["lists"] = sorted(set(index["list"]))
    return out


_PREPARED: dict = {}


def _prepare(index):
    """Return (keys, token -> rows, tokens per key) of an index, kept per index object."""
    import numpy as np

    k = id(index)
    if k not in _PREPARED or _PREPARED[k][0] is not index:
        keys = index["key"].tolist()
        postings: dict = {}
        for i, key in enumerate(keys):
            for w in set(key.split()):
                postings.setdefault(w, []).append(i)
        postings = {w: np.asarray(v, dtype=np.int64) for w, v in postings.items()}
        prefixes: dict = {}
        for w, rows in postings.items():
            prefixes.setdefault(w[:_PREFIX], []).append(rows)
        prefixes = {p: np.unique(np.concatenate(v)) for p, v in prefixes.items()}
        sizes = np.asarray([len(key.split()) for key in keys], dtype=np.int64)
        _PREPARED.clear()
        _PREPARED[k] = (index, (keys, postings, prefixes, sizes))
    return _PREPARED[k][1]
