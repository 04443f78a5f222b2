"""The committee's year report — báo cáo tình hình sinh hoạt chi bộ năm … (issue 10 item 5).

- `data`: `year_report` runs the dashboard's selectors (`reports.measures`,
  `dashboard.committee`) once and keeps their plain data, so the report says exactly what the
  dashboard shows;
- `workbook`: `report_xlsx` lays it out as a workbook, a sheet per section (the sheet titles are
  Vietnamese, the headers follow the active language);
- `document`: `report_docx` writes the official summary (DOMAIN §13), always in Vietnamese.

The member ratings come from confidential evaluations (DESIGN §3): they are in the report only
when the caller says the reader may see them (`confidential=True`: committee officers).
Style and helpers follow `reviews.reports` (the year's rating report). Import a name from the
module that defines it: this package re-exports nothing.
"""
