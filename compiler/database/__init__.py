"""PostgreSQL servers for `schemac test` and the test suite."""
