"""Scale data: library."""

STEPS = []
