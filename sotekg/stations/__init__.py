"""The health-station register 2013–2019 and the 2024 station list: reading, reconciling municipalities,
importing into ``graph/stations/*`` and comparing with PTV (docs/stations.md)."""
