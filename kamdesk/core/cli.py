"""The ``kam`` console script: KAM Desk's management entry point.

``kam migrate``, ``kam serve``, ``kam demo``, ``kam import customers FILE`` and every
other Django management command.
"""

from __future__ import annotations

import os
import sys

# Developer commands that read only the code, never secrets or customer data: they run
# without a production environment (no SECRET_KEY, no field keys) in the test settings.
_CODE_ONLY_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "appmessages"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in _CODE_ONLY_COMMANDS:
        os.environ.setdefault("KAM_ENV", "test")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "kam"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
