from . import school_achievement, school_encouragement, school_portfolio_handover, school_student
