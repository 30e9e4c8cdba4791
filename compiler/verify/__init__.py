"""Verification: the target catalog turned into catalog queries (verify.sql)."""
