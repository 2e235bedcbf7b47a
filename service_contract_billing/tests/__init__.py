from . import test_billing
from . import test_billing_terms
from . import test_billing_cron
from . import test_renewal
from . import test_revaluation
from . import test_open_items
from . import test_multi_company
from . import test_performance
