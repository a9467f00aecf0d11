"""The reference library: works, the citation syntax, imports and exports, formatting and
citation checks."""
