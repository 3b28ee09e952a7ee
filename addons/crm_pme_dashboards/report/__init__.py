from . import dashboard_xlsx
from . import report_list_xlsx
