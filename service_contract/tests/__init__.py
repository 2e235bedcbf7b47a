from . import test_sale_order
from . import test_security
from . import test_service_contract
from . import test_service_contract_cron
from . import test_service_contract_state
from . import test_stock_lot
from . import test_tour
from . import test_views_report
