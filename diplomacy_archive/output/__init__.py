"""Files of the output and writing them: the theme and Jinja2 environment, rendering a page to
bytes, the data export, the search index (Pagefind), output records, and the atomic writer that
refuses collisions and escapes."""
