"""The customer search queries alone: the page query and the paginator's COUNT(*).

    .venv/bin/python bench/explain_search.py --database-url postgres://... [--manager 16]
        [--plans]

Builds each list scenario's queryset with ``customer_search`` (the selector the list
page and the API call), then times the page query (``[:25]``) and the ``COUNT(*)``
Django's Paginator runs, each the best of ``--repeat`` runs, with EXPLAIN ANALYZE.
Manager 16 backs up the absent manager 20, so it sees 10,000 customers instead of
5,000: the heaviest scope of the bench.
"""

from __future__ import annotations

import argparse
import random
import urllib.parse
from typing import Any

from benchenv import DEFAULT_DATABASE_URL, manager_username, setup_django
from samples import GROUPS, SCENARIOS, load_samples


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--manager", type=int, default=1, help="bench manager number (1-20)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--plans", action="store_true", help="print the plans too")
    return parser.parse_args()


def explain(sql: str, params: Any, repeat: int) -> tuple[float, list[str]]:
    """Best execution time (ms) of ``repeat`` EXPLAIN ANALYZE runs, and that plan."""
    from django.db import connection

    best: tuple[float, list[str]] = (float("inf"), [])
    with connection.cursor() as cursor:
        for _ in range(repeat):
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            lines = [row[0] for row in cursor.fetchall()]
            total = next(ln for ln in lines if ln.startswith("Execution Time"))
            ms = float(total.split(":")[1].split("ms")[0])
            best = min(best, (ms, lines))
    return best


def count_query(qs: Any) -> tuple[str, Any]:
    """The SQL of ``qs.count()`` exactly as Django sends it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        qs.count()
    return ctx.captured_queries[-1]["sql"], None


def main() -> None:
    args = parse_args()
    setup_django(database_url=args.database_url)
    from kamdesk.customers.selectors import CustomerFilters, customer_search
    from kamdesk.users.models import User

    sample = load_samples(args.database_url, args.manager, seed=7)[args.manager - 1]
    user = User.objects.get(username=manager_username(args.manager))
    rng = random.Random(5)
    print(f"{'scenario':<15}{'matches':>8}{'page ms':>9}{'count ms':>10}  query")
    for name in GROUPS["list"]:
        path = SCENARIOS[name](sample, rng).path
        params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query))
        qs = customer_search(user=user, filters=CustomerFilters(**params))
        page_ms, page_plan = explain(*qs[:25].query.sql_with_params(), args.repeat)
        count_ms, count_plan = explain(*count_query(qs), args.repeat)
        print(f"{name:<15}{qs.count():>8}{page_ms:>9.2f}{count_ms:>10.2f}  {params}")
        if args.plans:
            for title, plan in (("page", page_plan), ("count", count_plan)):
                print(f"  -- {title}\n" + "\n".join(f"     {line}" for line in plan))


if __name__ == "__main__":
    main()
