"""Meeting pages: `meetings` (plan, page, edit, publish, schedule, history), `calendar`, `agenda`."""
