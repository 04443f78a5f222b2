def test_home_redirects_anonymous(client, db):
    assert client.get("/").status_code == 302
