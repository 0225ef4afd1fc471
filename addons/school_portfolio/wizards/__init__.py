from . import school_achievement_export, school_portfolio_print
