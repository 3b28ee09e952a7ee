from . import test_tools
from . import test_company_profile
from . import test_sector
from . import test_lifecycle
from . import test_consent
from . import test_quality
from . import test_settings
from . import test_import_check
