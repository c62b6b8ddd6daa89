#!/usr/bin/env python3
"""Command line of the archive generator: ``python build.py build|check|new`` (see README)."""

import sys

from diplomacy_archive.cli import main

if __name__ == "__main__":
    sys.exit(main())
