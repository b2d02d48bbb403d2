"""The ``kam`` console script: KAM Desk's management entry point.

``kam migrate``, ``kam serve``, ``kam demo``, ``kam import customers FILE`` and every
other Django management command.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "kam"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
