"""Vietnamese text helpers: search keys and sort keys (DESIGN §4, §9)."""

import unicodedata


def search_key(text: str) -> str:
    """Lower case, diacritics removed, "đ" → "d", spaces folded: "Nguyễn Thị Đào" → "nguyen thi dao"."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def name_sort_key(full_name: str) -> str:
    """Vietnamese list order: given name, then middle names, then family name.

    "Nguyễn Thị Lan" sorts as "lan thi nguyen". Each part is reduced to its search key, followed by
    the part with diacritics so that "Lan" and "Lân" keep a stable order.
    """
    parts = (full_name or "").split()
    if not parts:
        return ""
    ordered = [parts[-1], *parts[1:-1], parts[0]] if len(parts) > 1 else parts
    return " ".join(search_key(p) for p in ordered) + " | " + " ".join(p.lower() for p in ordered)
