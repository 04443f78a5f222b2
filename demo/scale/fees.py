"""Scale data: fees."""

STEPS = []
