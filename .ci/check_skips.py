"""Fail when a test that must run in this leg was skipped (DESIGN §7).

Usage: check_skips.py JUNIT_XML MARKER — MARKER's tests are those whose id or file says so
(tests/e2e for `e2e`, tests marked `postgres` carry "postgres" in their skip reason).
"""

import sys
import xml.etree.ElementTree as ET


def main(path: str, marker: str) -> int:
    root = ET.parse(path).getroot()
    bad = []
    total = 0
    for case in root.iter("testcase"):
        total += 1
        skipped = case.find("skipped")
        if skipped is None:
            continue
        where = f"{case.get('classname')}.{case.get('name')}"
        reason = (skipped.get("message") or "") + (skipped.text or "")
        if marker in where or marker.lower() in reason.lower():
            bad.append(f"{where}: {reason.strip()}")
    if total == 0:
        print("no tests ran")
        return 1
    if bad:
        print(f"{len(bad)} {marker} test(s) skipped in the leg that must run them:")
        print("\n".join(bad))
        return 1
    print(f"skip check ok ({marker}): {total} test cases")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
