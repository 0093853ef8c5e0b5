"""The HTTP door of sotekg: a FastAPI app (``api.app:create_app``) with routers by resource in ``api/routers/``.

Thin by design: routes read the request, call sotekg/ (store, queries, validation, protocol logic) and shape the
answer. No SPARQL strings here; every error becomes the contract's JSON ``{"error", "detail"}`` (api/errors.py).
"""
