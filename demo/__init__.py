"""The demo data set (DOMAIN §2): `seed_demo` and the builders it calls; no app imports it."""
