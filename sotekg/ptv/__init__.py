"""Exchange with the Suomi.fi Finnish Service Catalogue (PTV): reading its open API's JSON, mapping services and
service locations to our code lists, and building one named graph of service locations per county.

``reader`` reads files and responses one file at a time, ``mapping`` holds the reviewable tables under
``mappings/ptv/``, ``catalogue`` indexes an input's services and other channels (the first pass), ``importer``
maps one service location at a time into a record and the report (the second pass), ``merge`` stages records by
county and combines them with what a target holds, ``targets`` drives an import into a folder or a store,
``source`` describes the recording or harvest as evidence, ``client`` harvests the live API, and ``copies``
makes synthetic copies of a recording for benches and tests.
"""
