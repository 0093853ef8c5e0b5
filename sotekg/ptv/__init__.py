"""Exchange with the Suomi.fi Finnish Service Catalogue (PTV): reading its open API's JSON, mapping services and
service locations to our code lists, and building one named graph of service locations per county.

``reader`` parses files and responses, ``mapping`` holds the reviewable tables under ``mappings/ptv/``,
``importer`` turns records into graphs and a report, ``merge`` combines an import with what a target already holds,
and ``client`` pages through the live API.
"""
