"""Report builders of the portfolio (see ``school_records/builders``)."""
