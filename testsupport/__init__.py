"""Helpers for the test suite and the benchmark only, outside the installed package (pyproject installs
``sotekg`` and ``api``): local SPARQL servers on 127.0.0.1 (``servers``) and the plain pySHACL call that the
validation engines are held to (``shacl_reference``)."""
