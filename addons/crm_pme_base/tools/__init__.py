from . import company
from . import lifecycle
from . import phone
from . import quality
from . import sector
from . import revenue
from . import figures
