"""Scale data: reports."""

STEPS = []
