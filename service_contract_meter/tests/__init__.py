from . import test_meter_reading
from . import test_contract_meter
from . import test_meter_cron
from . import test_meter_multicompany
from . import test_unit_form
from . import test_demo_story
