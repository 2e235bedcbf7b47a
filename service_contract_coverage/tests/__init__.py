from . import test_coverage_lines
from . import test_sale_coverage
from . import test_sale_coverage_tour
from . import test_sale_coverage_access
