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
    """Return (keys, token -> rows, prefix -> rows, tokens per key) of an index, kept per index."""
    import numpy as np

    k = id(index)
    if k not in _PREPARED or _PREPARED[k][0] is not index:
        import hashlib

        from toolkit.framecache import cached

        keys = index["key"].tolist()
        digest = hashlib.sha256("\n".join(keys).encode()).hexdigest()
        flat = cached(
            "search-postings",
            [],
            lambda: _flat_postings(keys),
            code=("toolkit.entities.search",),
            params={"keys_sha256": digest, "rows": len(keys)},
        )
        postings, prefixes = (
            dict(zip(words, np.split(rows, bounds), strict=True)) if len(words) else {}
            for words, bounds, rows in (flat["words"], flat["prefixes"])
        )
        _PREPARED.clear()
        _PREPARED[k] = (index, (keys, postings, prefixes, flat["sizes"]))
    return _PREPARED[k][1]


def _flat_postings(keys):
    """Return the rows of each word and each word prefix of ``keys``, as flat arrays.

    ``words`` and ``prefixes`` are ``(labels, bounds, rows)``: ``np.split(rows, bounds)``
    gives, per label, the sorted rows whose key holds that word (or a word with that
    prefix); ``sizes`` the number of words of each key.
    """
    import numpy as np
    import pandas as pd

    split = pd.Series(keys, dtype=object).str.split()
    sizes = split.str.len().to_numpy(dtype=np.int64)
    words = split.explode().dropna()
    rows = words.index.to_numpy(dtype=np.int64)
    words = words.to_numpy(dtype=object)
    prefixes = np.array([w[:_PREFIX] for w in words], dtype=object)
    return {"words": _groups(words, rows), "prefixes": _groups(prefixes, rows), "sizes": sizes}


def _groups(labels, rows):
    """Return ``(labels, bounds, rows)``: each label's sorted unique rows, one after another."""
    import numpy as np
    import pandas as pd

    if len(rows) == 0:
        return [], np.zeros(0, dtype=np.int64), rows
    codes, uniques = pd.factorize(labels)
    order = np.lexsort((rows, codes))
    codes, rows = codes[order], rows[order]
    keep = np.ones(len(rows), dtype=bool)
    keep[1:] = (codes[1:] != codes[:-1]) | (rows[1:] != rows[:-1])
    codes, rows = codes[keep], rows[keep]
    bounds = np.flatnonzero(np.diff(codes)) + 1
    return list(uniques[codes[np.r_[0, bounds]]]), bounds, rows
