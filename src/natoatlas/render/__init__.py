"""natoatlas.render."""
