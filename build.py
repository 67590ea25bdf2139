"""Kennisbank Jonge Kind: check the data, build or preview the site.

python build.py check    validate data/ and report every error
python build.py build    build the site into site/
python build.py serve    preview on http://127.0.0.1:8000 and rebuild on changes
"""

import sys

from kennisbank.cli import main

if __name__ == "__main__":
    sys.exit(main())
