"""Analysis over query results: the integration network (``network``) and pictures (``plots``).

Both read the store only through named queries in ``queries/analytics/`` (``run_named``), so their figures
rest on the same SPARQL an analyst can run with ``sotekg query``.
"""
