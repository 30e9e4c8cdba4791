"""Deploying generated/ to databases: the history each database keeps of
itself (history.py), `schemac apply` (apply.py), `status` (status.py) and
`rollback` (rollback.py), all under one deploy lock per database."""
