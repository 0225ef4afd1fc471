from . import portal
from . import school_diary_extract
