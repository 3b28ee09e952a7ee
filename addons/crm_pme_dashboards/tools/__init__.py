from . import periods
from . import xlsx_cells
