"""The one launcher of every Rasa process: ``python -m bot.runtime <rasa arguments>``.

It installs the redaction of personal data in logs and the Rasa patches
(`bot.runtime.patches`), says on stderr which patches are in force, and then hands the
arguments to Rasa's own command line, in the same process: `run`, `run actions`, `shell`,
`train`, `test` and `data validate` all run the code that serves users.
"""

from __future__ import annotations

import sys

from bot.privacy import log_redaction
from bot.runtime import patches


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    log_redaction.install()
    result = patches.install()
    print(f"leerloket: Rasa patches: {result.reason}", file=sys.stderr, flush=True)
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()


if __name__ == "__main__":
    main()
