"""Import: raw copies of news pages (text or saved HTML) turned into article drafts.

The stages, each in its own module: ``readers`` (a file to a RawPage of lines), ``chrome``
(drop site chrome; find captions, credits, author, source and the page clock), ``split``
(several articles in one copy), ``fields`` (title, date, venue, people, directives, tags,
summary, with a note for every guess), ``writer`` (a Draft to a Markdown file, never
overwriting). ``record`` holds the types they pass along.
"""
