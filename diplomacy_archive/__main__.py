"""``python -m diplomacy_archive``: the same command line as ``diplomacy-archive``."""

import sys

from diplomacy_archive.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m diplomacy_archive"))
