from . import test_service_contract
