"""The benchmark harness of issue 5: ``python -m bench [--quick]`` measures every speed and scale figure, baseline
and ours side by side in one run, and writes bench/results.json (see bench/README.md).

Modules: ``measure`` (samples, medians, the table), ``validation`` (Validator vs a plain pySHACL call),
``loading`` (pyoxigraph vs rdflib: load, coverage query, peak memory, each in a child process), ``startup``
(process start to a healthy /health), ``http`` (the API against a bare endpoint returning prepared bytes, with
wrk, on the embedded store, on an Oxigraph server and at scale), ``app`` (the bench-only routes), ``child``
(what the child processes run).
"""
