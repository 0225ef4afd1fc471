from . import school_demo_generator
from . import school_demo_portfolio
from . import school_demo_archive
