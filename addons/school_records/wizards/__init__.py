from . import school_report_download_mixin
from . import school_lesson_plan_import
from . import school_temporary_journal_import
from . import school_journal_export
from . import school_diary_acknowledgement_overview
from . import school_diary_extract_print
from . import school_class_report
from . import school_portal_access_wizard
from . import school_activity_report
from . import school_calendar_import
from . import school_timetable_copy
from . import school_timetable_generate
from . import school_substitution_report
from . import school_timetable_asc_import
from . import school_lesson_plan_deadline
from . import school_period_mark_propose

from . import school_gia_import

from . import school_uud_wizards
from . import school_class_report_span
from . import school_timetable_import_common
from . import school_timetable_xlsx_import
from . import school_diary_usage
