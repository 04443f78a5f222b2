"""English UI keeps the Vietnamese day-first dates so that records read the same in both languages."""

from config.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
