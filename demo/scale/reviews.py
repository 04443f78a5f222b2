"""Scale data: reviews."""

STEPS = []
