"""Where a work's identifiers lead a reader: its DOI at doi.org, its PMID at PubMed. One place for
every app (the library's formatting, the public reference list, the claims the board signs off).
"""

from __future__ import annotations


def doi_url(doi: str | None) -> str:
    """The address of a DOI at the DOI resolver; empty without one."""
    return f"https://doi.org/{doi}" if doi else ""


def pubmed_url(pmid: str | None) -> str:
    """The address of a PubMed record; empty without a PMID."""
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else ""
