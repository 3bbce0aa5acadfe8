"""Outputs derived from the whole site: talk finder, Atom feeds, JSON-LD."""
