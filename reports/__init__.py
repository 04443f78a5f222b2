"""Periodic reports to the superior and the superior's view across committees (DESIGN §2,
DOMAIN §15, issue 22) — báo cáo định kỳ.

It sits between the domain apps and the dashboard (`reviews | library` ← `reports` ←
`dashboard`): `measures` counts each figure once — the compliance matrix, the key numbers and the
figures of a period — and the committee dashboard, its year report and the coming monthly report
and superior's view all read them from there (one place per number).
"""
