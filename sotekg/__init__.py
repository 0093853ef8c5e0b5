"""sotekg: the knowledge graph of Finland's future health and social services centres.

The core package: settings, namespaces, the graph layout on disk, the store (embedded | remote), validation,
the named-query registry, network analysis and the command line. The HTTP door lives in ``api/``.
"""

__version__ = "0.1.0"
