from . import school_council_decision
from . import school_student
from . import school_class
from . import school_personal_file
from . import school_personal_file_year
from . import school_personal_file_transfer
from . import school_certificate_custody
from . import school_archive_retention
from . import school_archive_file
from . import school_archive_record
from . import school_archive_check
from . import school_archive_access_log
from . import school_archive_transfer_act
from . import school_destruction_act
from . import school_journal_grid

# before res_company, which imports the exam module whose model inherits this mixin
from . import school_certificate_draft_part
from . import res_company
from . import school_certificate_blank
from . import school_certificate_exam
from . import school_certificate
from . import school_certificate_register
from . import school_certificate_register_signoff
from . import school_certificate_register_correction
from . import ir_actions_report
from . import school_gia_archive

from . import school_attestation_protocol
from . import school_result_credit

from . import school_personal_file_uud
from . import res_users_home
from . import ir_cron
