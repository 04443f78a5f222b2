"""The year's rating report (issue 9 item 8): the committee's ratings per cell and in total —
counts and percentages per level (of the members rated), the members not rated, the quota check.

- `data`: the report as plain data (`year_report`), and the committee's decision sheet of the
  year page (`year_sheet`);
- `workbook`: the report as an Excel workbook (`report_xlsx`);
- `document`: the official DOCX summary (`report_docx`, always in Vietnamese, DOMAIN §13).

Evaluations are confidential: the callers (views) let committee officers only reach these.
Import a name from the module that defines it: this package re-exports nothing.
"""
