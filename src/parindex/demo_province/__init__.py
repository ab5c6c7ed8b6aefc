"""The demo province in the database: units, two years' criteria sets and rounds,
evidence files, the audit trail and a demo account for every role.

``parindex demo`` calls :func:`load_demo_province` after migrating; it creates only what
is missing, so it can run again and again.
"""

from parindex.demo_province.accounts import AccountLine, write_accounts
from parindex.demo_province.loader import DemoSummary, load_demo_province

__all__ = ["AccountLine", "DemoSummary", "load_demo_province", "write_accounts"]
