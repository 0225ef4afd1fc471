from . import school_lesson_plan_import
