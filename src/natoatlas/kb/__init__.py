"""natoatlas.kb."""
