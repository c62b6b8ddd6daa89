"""What is computed over the records: entities (one person, place or directive per thing
named) and the indexes (order, tags, speakers, venues, directives, timeline, related). Pure
functions; indexes hold article ids, never copies."""
