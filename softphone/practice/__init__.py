"""Practice mode: the --demo launcher of the practice center (separate processes) and the named scenarios."""
