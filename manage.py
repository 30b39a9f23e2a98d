#!/usr/bin/env python
"""Django's command-line utility; `ipcoord` (the console script) is the same thing."""

import sys

from ipcoord.cli import main

if __name__ == "__main__":
    sys.exit(main())
