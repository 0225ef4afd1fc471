"""Issue 27: the final marks of the certificates follow Order 546 (pp. 5.1–5.2).

- The setting that put the period marks into the mean is gone (``include_period_marks``
  of the certificate and the prepare wizard, ``school_certificate_include_period_marks``
  of the company): Odoo drops their columns at the end of the update, since the fields no
  longer exist. Nothing recorded is lost: every line keeps its mark, its mean and its
  number of marks.
- The certificates still in draft get their final marks computed again by the Order's
  rule (with the explanation of each line). Checked, signed and issued ones are never
  changed: the deputy's list «Certificates with differing marks» shows those whose marks
  the rule gives otherwise.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    drafts = env["school.certificate"].search([("state", "=", "draft")])
    for company in drafts.company_id:
        of_company = drafts.filtered(lambda c, co=company: c.company_id == co)
        of_company.with_company(company)._compute_final_marks()
