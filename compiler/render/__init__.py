"""The only place SQL text is made: Jinja templates plus quoting filters."""
