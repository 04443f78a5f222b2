"""The reports' pages: `periodic` (the committee's reports — list, create, edit, submit, correct,
print, DOCX) and `superior` (the superior's dashboard across its committees). Views parse, call
the services and selectors, message, redirect."""
