from . import (
    school_achievement,
    school_encouragement,
    school_enrollment,
    school_portfolio_handover,
    school_student,
)
