from . import test_tools
