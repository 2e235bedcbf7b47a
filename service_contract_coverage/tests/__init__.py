from . import test_coverage_lines
