"""The guide's screenshots: each is defined once here and taken by the browser test
`tests/e2e/test_guide_screenshots.py` on the demo data, so the pictures never go stale.

A shot is a page opened by one of the demo logins at one window size; `path` may name demo
records in braces (`{next_meeting}`), which the browser test fills from the demo data. The test
writes `static/guide/<name>.png` and records in `static/guide/manifest.json` the hash of the shot's
definition and the SHA-256 of the picture; `tests/dashboard/test_guide.py` checks that every
picture the guide's templates name is defined here, exists, and is the one the current definition
made.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image

# Where the pictures live (a folder of STATICFILES_DIRS, committed with the code).
SHOTS_DIR = Path(settings.BASE_DIR) / "static" / "guide"
MANIFEST = SHOTS_DIR / "manifest.json"
STATIC_PREFIX = "guide/"
DESKTOP = (1280, 800)
PHONE = (375, 740)
# Screens are flat colours and text: a PNG of 128 colours is sharp and small (~30–80 KB).
COLOURS = 128


@dataclass(frozen=True)
class Shot:
    persona: str  # the demo login
    path: str  # the page, with {placeholders} for demo records
    width: int
    height: int
    selector: str = ""  # capture this element only; "" = the window
    full_page: bool = False

    @property
    def definition_hash(self) -> str:
        text = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


def _shot(persona, path, size=DESKTOP, **kwargs) -> Shot:
    return Shot(persona, path, size[0], size[1], **kwargs)


SECRETARY, MEMBER, COMMITTEE = "secretary1", "member1", "committee"

SHOTS: dict[str, Shot] = {
    # The cell secretary's month.
    "secretary-home": _shot(SECRETARY, "/"),
    "secretary-meeting": _shot(SECRETARY, "/meetings/{next_meeting}/"),
    "secretary-preparation": _shot(SECRETARY, "/meetings/{next_meeting}/", selector="#preparation"),
    "secretary-attendance": _shot(SECRETARY, "/meetings/{draft_meeting}/attendance/"),
    "secretary-minutes": _shot(SECRETARY, "/meetings/{draft_meeting}/minutes/edit/"),
    "secretary-votes": _shot(SECRETARY, "/meetings/{draft_meeting}/votes/"),
    "secretary-record": _shot(SECRETARY, "/meetings/{draft_meeting}/", selector="#record"),
    "secretary-tasks": _shot(SECRETARY, "/meetings/tasks/"),
    "secretary-fees": _shot(SECRETARY, "/fees/cells/{cell}/"),
    "secretary-fees-month": _shot(SECRETARY, "/fees/cells/{cell}/{month}/", PHONE),
    # The member's month.
    "member-home": _shot(MEMBER, "/", PHONE),
    "member-meeting": _shot(MEMBER, "/meetings/{next_meeting}/", PHONE),
    "member-tasks": _shot(MEMBER, "/meetings/tasks/mine/"),
    "member-self-assessment": _shot(MEMBER, "/reviews/self/{year}/"),
    "member-study": _shot(MEMBER, "/library/study/{campaign}/"),
    # The committee's month and year.
    "committee-dashboard": _shot(COMMITTEE, "/dashboard/{committee}/"),
    "committee-alerts": _shot(COMMITTEE, "/dashboard/{committee}/", selector="#panel-alerts"),
    "committee-review": _shot(COMMITTEE, "/reviews/{last_year}/"),
    "committee-fees": _shot(COMMITTEE, "/fees/committees/{committee}/"),
    "committee-study": _shot(COMMITTEE, "/library/study/{campaign}/"),
    "committee-rules": _shot(COMMITTEE, "/organisation/committees/{committee}/rules/"),
}


def filename(name: str) -> str:
    return f"{name}.png"


def static_path(name: str) -> str:
    """The picture's path for `{% static %}`."""
    return STATIC_PREFIX + filename(name)


def encode(png: bytes) -> bytes:
    """The browser's PNG reduced to `COLOURS` colours (no dithering), optimised."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    reduced = image.quantize(COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    reduced.save(out, "PNG", optimize=True)
    return out.getvalue()


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest() -> dict:
    """{name: {"definition": hash, "sha256": hash, "width": px, "height": px}}; {} if absent."""
    try:
        return json.loads(MANIFEST.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def write_manifest(manifest: dict) -> None:
    MANIFEST.write_text(
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )


def is_current(name: str, manifest: dict) -> bool:
    """The picture exists, was made from the shot's current definition, and is the file the
    browser test wrote (not replaced by hand)."""
    entry = manifest.get(name)
    path = SHOTS_DIR / filename(name)
    return (
        name in SHOTS
        and entry is not None
        and entry.get("definition") == SHOTS[name].definition_hash
        and path.exists()
        and entry.get("sha256") == file_sha256(path)
    )
