"""confnotes' benchmark (not part of the installed package): ``python -m benchmarks``."""
