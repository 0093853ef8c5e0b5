"""Analysis over query results: the integration network (``network``) and pictures (``plots``).

Both read the store only through named queries in ``queries/analytics/`` (``run_named``), so their figures
rest on the same SPARQL an analyst can run with ``sotekg query``. ``PICTURE_FORMATS`` lives here, not in
``plots``, so the API can name the media types without importing matplotlib at start-up.
"""

PICTURE_FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
