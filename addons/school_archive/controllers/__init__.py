from . import main
from . import school_certificate
