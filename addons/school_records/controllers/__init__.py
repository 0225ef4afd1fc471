from . import portal
from . import school_diary_extract
from . import school_class_statement
from . import school_progress_certificate
from . import portal_base
