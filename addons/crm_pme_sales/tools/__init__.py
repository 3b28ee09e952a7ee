from . import objective
from . import objective_sql
