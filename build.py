#!/usr/bin/env python3
"""The archive generator's command line, run from a checkout: ``python build.py build|check|serve|
new|import|init`` (see README). The installed ``diplomacy-archive`` command is the same."""

import sys

from diplomacy_archive.cli import main

if __name__ == "__main__":
    sys.exit(main())
