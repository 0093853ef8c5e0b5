"""The API's routers, one module per resource, each exposing ``router``; api/app.py lists the ones it mounts."""
