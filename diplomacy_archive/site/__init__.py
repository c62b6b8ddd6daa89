"""The site's pages before rendering: addresses (URL patterns), the list of every page, feed and
sitemap with its template, and the view-models (plain dicts) templates receive; charts; links
from citations in article text to directive pages."""
