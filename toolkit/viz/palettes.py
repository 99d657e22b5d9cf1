"""Colours by meaning, the same in every figure, and a check that colour-blind readers tell them apart.

Every category colour is one of the Okabe-Ito set (Okabe and Ito, "Color Universal Design",
2002), chosen to stay distinct for the common colour-vision deficiencies. The same category
keeps its colour across notebooks: the US is blue, the EU orange, the G7 black, Russia
vermillion (dashed when it is a line beside partners), and so on.

:func:`simulate_cvd` applies the Machado, Oliveira and Fernandes (2009) matrices (severity 1:
full protanopia, deuteranopia, tritanopia) and :func:`min_cvd_distance` returns the smallest
CIELAB distance between two categories of a palette as such a reader sees them; the test suite
holds every theme palette to a floor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = [
    "CVD_MATRICES",
    "JURISDICTION_COLOURS",
    "JURISDICTION_MARKERS",
    "NOT_RECORDED",
    "OKABE_ITO",
    "PARTNER_STYLES",
    "RUSSIA",
    "cvd_distances",
    "min_cvd_distance",
    "partner_style",
    "simulate_cvd",
]

#: The Okabe-Ito colours.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
#: Categories with no information ("not recorded", "unverifiable"): a light grey that stays
#: apart from the reddish purple and the bluish green for deuteranopes (#999999 does not).
NOT_RECORDED = "#D0D0D0"
#: Russia's colour in every figure (a line of Russia beside partners is also dashed).
RUSSIA = OKABE_ITO["vermillion"]
#: One colour per jurisdiction or list owner, in every figure that tells them apart.
JURISDICTION_COLOURS = {
    "US": OKABE_ITO["blue"],
    "EU": OKABE_ITO["orange"],
    "G7": OKABE_ITO["black"],
    "G7+EU+Australia": OKABE_ITO["black"],
    "UK": OKABE_ITO["purple"],
    "Australia": OKABE_ITO["green"],
    "UN": "#555555",
    "OpenSanctions": OKABE_ITO["sky"],
}
#: A marker per jurisdiction, so the categories differ in shape as well as colour.
JURISDICTION_MARKERS = {"US": "o", "EU": "s", "G7": "D", "UK": "^", "Australia": "v", "UN": "P"}
#: Colour, marker and line style of each partner drawn beside Russia (the five neighbours
#: of the circumvention analyses first, then the other large partners).
PARTNER_STYLES = {
    "Russia": (RUSSIA, "o", "--"),
    "Armenia": (OKABE_ITO["blue"], "s", "-"),
    "Georgia": (OKABE_ITO["orange"], "^", "-"),
    "Kazakhstan": (OKABE_ITO["green"], "D", "-"),
    "Kyrgyzstan": (OKABE_ITO["purple"], "v", "-"),
    "Uzbekistan": (OKABE_ITO["sky"], "P", "-"),
    "China": (OKABE_ITO["black"], "X", "-"),
    "India": (OKABE_ITO["yellow"], "*", "-"),
}
_OTHERS = [OKABE_ITO[k] for k in ("blue", "orange", "green", "purple", "sky", "black")]
_OTHER_MARKERS = ["s", "^", "D", "v", "P", "X", "*", "h"]


def partner_style(partner: str, i: int = 0) -> dict:
    """Return ``Axes.plot`` keywords (color, marker, linestyle) of one partner's line.

    Parameters
    ----------
    partner : str
        The partner's name (``"Russia"`` is vermillion and dashed).
    i : int
        The partner's place among those drawn: a partner without a fixed style gets the
        ``i``-th of the remaining colours and markers.

    Returns
    -------
    dict
    """
    if partner in PARTNER_STYLES:
        colour, marker, style = PARTNER_STYLES[partner]
    else:
        colour, marker, style = _OTHERS[i % len(_OTHERS)], _OTHER_MARKERS[i % 8], "-"
    return {"color": colour, "marker": marker, "linestyle": style}


#: Machado, Oliveira and Fernandes (2009), severity 1.0, applied to linear RGB.
CVD_MATRICES = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _linear(rgb):
    import numpy as np

    rgb = np.asarray(rgb, dtype=float)
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _lab(linear):
    """CIELAB (D65) of linear-RGB rows."""
    import numpy as np

    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = linear @ m.T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.column_stack(
        [116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])]
    )


def simulate_cvd(colours: Iterable, deficiency: str | None):
    """Return the CIELAB coordinates of ``colours`` as a reader with ``deficiency`` sees them.

    Parameters
    ----------
    colours : iterable of matplotlib colours
    deficiency : {"protanopia", "deuteranopia", "tritanopia"} or None
        None: normal colour vision.

    Returns
    -------
    numpy.ndarray
        One row (L*, a*, b*) per colour.
    """
    import numpy as np
    from matplotlib.colors import to_rgb

    if deficiency is not None and deficiency not in CVD_MATRICES:
        raise ValueError(f"deficiency must be one of {sorted(CVD_MATRICES)}, not {deficiency!r}")
    linear = _linear([to_rgb(c) for c in colours])
    if deficiency is not None:
        linear = np.clip(linear @ np.asarray(CVD_MATRICES[deficiency]).T, 0, 1)
    return _lab(linear)


def cvd_distances(palette: Mapping[str, str], deficiency: str | None) -> dict:
    """Return the CIELAB distance (CIE76) between every pair of distinct colours of a palette.

    Categories that share a colour on purpose (two labels of one meaning) count once.

    Returns
    -------
    dict
        ``{(category, category): distance}``.
    """
    import numpy as np

    first = {}
    for name, colour in palette.items():
        first.setdefault(str(colour).lower(), name)
    names = list(first.values())
    lab = simulate_cvd([palette[n] for n in names], deficiency)
    return {
        (a, b): float(np.linalg.norm(lab[i] - lab[j]))
        for i, a in enumerate(names)
        for j, b in enumerate(names)
        if i < j
    }


def min_cvd_distance(palette: Mapping[str, str], deficiency: str | None):
    """Return the closest pair of a palette's categories for ``deficiency`` and their distance.

    Returns
    -------
    tuple
        ``((category, category), distance)``; ``(None, inf)`` for fewer than two colours.
    """
    distances = cvd_distances(palette, deficiency)
    if not distances:
        return None, float("inf")
    pair = min(distances, key=distances.get)
    return pair, distances[pair]
