"""Pure functions over text, knowing nothing of files or sites: Vietnamese normalisation,
collation and slugs, the words around personal names, event dates, citations of Party and State
documents, and changing the text of HTML without its tags. The lowest layer above problems."""
