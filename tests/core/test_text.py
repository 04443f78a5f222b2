from core.text import name_sort_key, search_key


def test_search_key_removes_diacritics_and_d():
    assert search_key("Nguyễn Thị Đào") == "nguyen thi dao"
    assert search_key("  ĐẶNG   văn  Ân ") == "dang van an"
    assert search_key("") == ""
    assert search_key(None) == ""


def test_name_sort_key_sorts_by_given_name_first():
    names = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Cường", "Phạm Ánh"]
    ordered = sorted(names, key=name_sort_key)
    assert ordered == ["Trần Thị An", "Phạm Ánh", "Nguyễn Văn Bình", "Lê Cường"]
    assert name_sort_key("") == ""
    assert name_sort_key("Lan").startswith("lan")
