"""The library pages: documents (`library.views.documents`), study campaigns
(`library.views.study`), political-theory training (`library.views.training`). Who may see and do
what: `library.access`; 404 for what the user may not see, 403 for what she sees but may not
change."""
