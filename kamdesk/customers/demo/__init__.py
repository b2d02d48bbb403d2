"""A deterministic demo province for KAM Desk (``kam demo``).

Staff, a tariff catalogue and about 300 key accounts of Jiangsu with their accounts,
some 20,000 subscribers, group products, contracts, contacts and a year of
interactions. The same seed gives the same codes, names and numbers.
"""

from kamdesk.customers.demo.load import (
    DEFAULT_SEED,
    DemoConflict,
    DemoHints,
    DemoSummary,
    Login,
    demo_counts,
    demo_hints,
    demo_is_loaded,
    demo_load,
    demo_logins,
    demo_stage_record,
    demo_stages_done,
)
from kamdesk.customers.demo.staff import DEMO_PASSWORD

__all__ = [
    "DEFAULT_SEED",
    "DEMO_PASSWORD",
    "DemoConflict",
    "DemoHints",
    "DemoSummary",
    "Login",
    "demo_counts",
    "demo_hints",
    "demo_is_loaded",
    "demo_load",
    "demo_logins",
    "demo_stage_record",
    "demo_stages_done",
]
