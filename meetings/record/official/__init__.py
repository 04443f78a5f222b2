"""The official minutes — biên bản — as the party writes them (DOMAIN §4.4, §13).

- `content`: `minutes_content(meeting)` gathers every text of the document, in Vietnamese, as
  plain data; the A4 print view renders it with a template, the DOCX through `document`, so both
  say the same thing;
- `wording`: the sentences and names, in the party's own wording (not UI strings: official
  documents are Vietnamese whatever the UI language, DESIGN §9);
- `document`: `minutes_docx(meeting)`, the DOCX through the builder of `core.documents`, and
  its file name.

Import a name from the module that defines it: this package re-exports nothing.
"""
