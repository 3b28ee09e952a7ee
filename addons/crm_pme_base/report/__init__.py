from . import import_check_report
