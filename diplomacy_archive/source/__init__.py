"""Reading a site's files into typed records: the names of its folders, YAML with positions,
config.yaml into Config, articles (front matter into Article, Markdown into Body) and the
data/ registries. Every problem names the file, line and column, relative to the site."""
