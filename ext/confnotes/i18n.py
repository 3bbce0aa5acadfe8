"""Words confnotes puts on pages, in the page's language (interim: English only;
the message catalogues arrive with the i18n branch)."""

from __future__ import annotations

from functools import lru_cache


class Messages:
    def __init__(self, language: str) -> None:
        self.language = language

    def gettext(self, msgid: str) -> str:
        return msgid

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def format(self, msgid: str, **values: object) -> str:
        return self.gettext(msgid).format(**values) if values else self.gettext(msgid)


@lru_cache(maxsize=64)
def messages(language: str) -> Messages:
    return Messages(language or "en")
