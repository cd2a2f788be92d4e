"""The pure-NumPy engine: imports numpy and the standard library only."""
