from django import template

from references.formatting import ama_citation, vancouver_authors

register = template.Library()


@register.filter
def vancouver(authors: str) -> str:
    """A stored author list as AMA prints it: up to six names, else three and et al."""
    return vancouver_authors(authors)


@register.filter
def ama(work) -> str:
    """A work (snapshot, Reference or CitedWork) as one AMA-style line of plain text."""
    return ama_citation(work)
