"""The user guide — hướng dẫn sử dụng (issue 21, part 5): one page per role, in the app and as a
printable A4 document.

- `shots`: the registry of the guide's screenshots (who, which page, what size) and the manifest
  that records, for each, the hash of its definition and of the picture the browser test took.
- `views`: the index, a role's page and the print view. The guide's text is Vietnamese
  (`templates/guide/vi/`): it documents the Vietnamese screens; an English reader gets a note.
"""
