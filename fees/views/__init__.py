"""The party-fee pages (DOMAIN §8): the cell's register and the month's collection
(`fees.views.cell`), a member's fees (`fees.views.member`), the committee's register of
remittances (`fees.views.committee`). Who may see and do what: `fees.access`; 404 for what the
user may not see, 403 for what she sees but may not change."""
