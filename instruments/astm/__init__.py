"""ASTM E1381 (low-level link, CLSI LIS1-A) and E1394 (records, CLSI LIS2-A2) for analyzers."""
