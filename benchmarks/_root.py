"""Imported first by each benchmark run as `python benchmarks/NAME.py`. Python puts this folder at
the head of sys.path, where instruments.py and reports.py (named after what they measure) would
hide the project's packages of those names; the project's root takes its place, and this folder
goes to the end (a worker process started by "spawn" runs the benchmark's file again, and must
still find this module)."""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [str(HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != HERE), str(HERE)]
