from . import school_portfolio_report
