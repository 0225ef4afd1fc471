from . import school_lesson_plan_import
from . import school_temporary_journal_import
from . import school_journal_export
