"""``python -m parindex``: the same as the ``parindex`` command."""

from parindex.cli import main

raise SystemExit(main())
