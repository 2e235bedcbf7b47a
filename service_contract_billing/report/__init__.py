from . import report_contracts_to_renew
