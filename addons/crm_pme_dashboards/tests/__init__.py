from . import test_periods
from . import test_dashboard
from . import test_access
from . import test_xlsx
from . import test_tour
from . import test_win_back
from . import test_aftersales
