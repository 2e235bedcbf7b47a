from . import service_contract_warranty_wizard
