"""natoatlas.rules."""
