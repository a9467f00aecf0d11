"""The project and the review: settings and URLs, users and roles, the review workflow, the
board's review, the editorial policy and notifications."""
