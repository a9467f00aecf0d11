"""An author's reference import, as the author and the worker go through it in a test: upload,
the worker reads the file, the preview on the import's page, the choice, the worker saves."""

from django.test import Client

from tests.tasks import run_queued_tasks

IMPORT = "/references/import/"


def previewed(client: Client, data: dict, url: str = IMPORT):
    """Upload or paste ``data`` at ``url`` (the site's import page or the admin's), let the
    worker read the file, and open the import's page; a refused upload's own page otherwise."""
    response = client.post(url, data)
    if response.status_code != 302 or "login" in response["Location"]:
        return response
    run_queued_tasks()
    return client.get(response["Location"])


def confirmed(client: Client, preview, data: dict):
    """Post the choice on the import's page ``preview``, let the worker save the chosen
    entries, and open the import's page again; the page shown back otherwise."""
    response = client.post(preview.wsgi_request.path, data)
    if response.status_code != 302:
        return response
    run_queued_tasks()
    return client.get(response["Location"])
