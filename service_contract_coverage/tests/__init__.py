from . import test_coverage_lines
from . import test_entitlement
from . import test_audit_gaps
from . import test_repair
from . import test_multicompany
from . import test_sale_coverage
from . import test_sale_coverage_tour
from . import test_sale_coverage_access
