from . import phoning
from . import rfm
