"""Articles and the site: working copies, revisions and their rendering, the public pages, the
authors' forms, the article admin and the demo content."""
