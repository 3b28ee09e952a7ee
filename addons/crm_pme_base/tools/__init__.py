from . import company
from . import lifecycle
from . import quality
from . import sector
