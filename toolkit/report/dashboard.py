"""``python -m toolkit.report.dashboard``: Voilà with the kernel waits bounded, as ``make dashboard`` runs it.

Voilà executes a notebook through nbclient, whose Output-widget mimic is the known
way to miss a ZMQ wake-up (see :mod:`toolkit.report.kernel_waits`): a widget cell's reply
noticed only when the cell timeout runs out, so a dashboard page that hangs. This
entry point installs the bounded waits and then runs Voilà's own command line
unchanged (every ``voila`` argument is accepted).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run Voilà's command line with :func:`toolkit.report.kernel_waits.install` applied."""
    from toolkit.report import kernel_waits

    kernel_waits.install()
    from voila.app import Voila

    Voila.launch_instance(argv=sys.argv[1:] if argv is None else argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
