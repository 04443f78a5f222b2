"""The province-scale data set for benchmarks (`manage.py generate_scale_data`, issue 23).

PostgreSQL only: every table is written with `INSERT … SELECT generate_series` (names by COPY),
never a row-by-row save. History tables stay empty (the generated records have no past edits).
"""
