from . import duration
from . import french_holidays
