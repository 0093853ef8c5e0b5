"""Exports of the default graph to exchange formats: CPSV-AP 3.2 (``cpsv_ap``, RDF) and Open Referral HSDS 3.0
(``hsds``, JSON). Both read the store through the named queries in ``queries/export/`` and are checked against
the official schemas copied into ``reference/``.
"""

PROFILES = ("cpsv-ap", "hsds")
