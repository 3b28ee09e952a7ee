from . import test_tools
from . import test_intervention
from . import test_invoice
from . import test_helpdesk
from . import test_kb_article
from . import test_partner_360
from . import test_tour
from . import test_demo
