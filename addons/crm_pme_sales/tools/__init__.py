from . import objective
