from . import school_council_decision
from . import school_student
from . import school_class_report
