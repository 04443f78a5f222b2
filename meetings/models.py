"""Meetings — sinh hoạt chi bộ. The models arrive with the meetings issues (DOMAIN §4–6)."""
