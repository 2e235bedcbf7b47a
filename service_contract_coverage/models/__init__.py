from . import res_company
from . import service_contract_template
from . import service_contract
from . import service_contract_coverage
from . import service_contract_coverage_component
