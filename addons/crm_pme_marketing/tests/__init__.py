from . import test_tools
from . import test_phonecall
from . import test_rfm
from . import test_segment
from . import test_campaign
from . import test_offer
from . import test_geo
from . import test_tour
