"""Sub-commands of the ``sotekg`` CLI, one module each, discovered by ``sotekg.cli``."""
