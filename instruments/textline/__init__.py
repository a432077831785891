"""Readers that print text lines, described as data (a TOML file) rather than code."""
