"""The package's version, in one place: ``pyproject.toml`` reads it (``dynamic``), and the data
cache's key includes it without the cost of ``importlib.metadata`` on every start."""

__version__ = "0.1.0"
