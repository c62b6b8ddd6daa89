"""Import: raw copies of news pages (text or saved HTML) turned into article drafts.

The stages, each in its own module: ``readers`` (a file to a RawPage of lines), ``chrome``
(drop site chrome; find captions, credits, author, source and the page clock), ``split``
(several articles in one copy), ``fields`` (the draft of one article, with a note for every
guess: its date from ``when``, venue from ``where`` and people from ``who``, all reading the
``texts`` of the article), ``writer`` (a Draft to a Markdown file, never overwriting), ``run``
(the command's work) and ``review`` (drafts with open notes). ``record`` holds the types.
"""
