from . import school_council_decision
from . import school_student
from . import school_class_report
from . import school_personal_file
from . import school_personal_file_year
from . import school_personal_file_transfer
from . import school_certificate_custody
