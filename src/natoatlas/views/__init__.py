"""natoatlas.views."""
