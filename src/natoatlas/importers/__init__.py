"""natoatlas.importers."""
