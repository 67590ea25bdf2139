"""Kennisbank Jonge Kind: check the data, build or preview the site.

python build.py check    validate data/ and report every error
python build.py build    build the site into site/
python build.py serve    preview on http://127.0.0.1:8000 and rebuild on changes
"""

import logging
import os
import sys

from kennisbank.cli import main

if __name__ == "__main__":
    code = main()
    # A national build leaves a process of more than a gigabyte of objects; freeing them
    # one by one at exit takes seconds (a third of a rebuild). Everything is written and
    # flushed: the operating system takes the memory back at once.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(code or 0))
