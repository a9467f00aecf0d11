"""The read API: what readers may see, as JSON for apps, partners and a headless front end
(articles, their references and review, topics, the board, change logs, search), cached and
purged by the keys of the public pages, with API keys for partners."""
