"""Excel import of the member registry — nhập danh sách đảng viên từ Excel.

The officer downloads the template (`template.build_template`), fills one row per member and
uploads it. `applying.import_plan` reads and checks the whole file: each cell, duplicates inside
the file (`parsing`), the cells and the match on the registry (`planning`), then every row
through the write services in a transaction that is rolled back (a dry run). It returns what
would be created and updated, and every problem as (row as Excel shows it, column header,
message). `applying.members_import` applies the file in ONE transaction through `member_create` /
`member_update`; if any row is refused, nothing is saved.

Rows are matched on the citizen ID: importing the same file again changes nothing. For a member
already on record only her record fields change (with history); an empty cell keeps what is on
record. Her cell and status change on the move and status pages, so a different cell or status in
the file is a warning, not an error.

The column headers, the "Hướng dẫn" sheet and values such as Nam/Nữ are Vietnamese by design: the
spreadsheet is an official working document. Messages for the user are English source strings.

The modules, each depending only on those above it: `columns` (the column table and the values
the spreadsheet writes), `parsing` (reading the file and each cell), `planning` (matching rows on
the registry: what would be created and changed), `applying` (the dry run and the import), and
`template` (the workbook to fill). Import from the modules; this package exposes nothing itself.
"""
