"""Seal format 2 and one seal key per database.

Before 18.0.1.0.0 a unit's seal covered its files only, keyed with the one key every
database of the server shared (``<data_dir>/school_archive_seal.key`` or the file the
option ``school_archive_seal_key_file`` names). From now on the seal covers the unit's
retention data too, keyed with this database's own key.

Every sealed unit is checked against its old seal first: a unit whose old seal holds is
sealed again in format 2 with the new key; a unit whose old seal already failed keeps
it, so the next verification still reports it (a migration never hides a tampering), and
the unit's chatter says so. The old key file is left where it is (other databases, the
backups may still need it)."""

import hashlib
import hmac
import logging

from odoo import SUPERUSER_ID, api

from odoo.addons.school_archive.models.school_archive_file import (
    create_seal_key,
    legacy_seal_key_path,
    seal,
    seal_key_path,
)

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    units = env["school.archive.record"].search([("seal", "!=", False)])
    if not units:
        return
    legacy = legacy_seal_key_path()
    if not legacy.exists():
        raise RuntimeError(
            f"school_archive: the archive seal key {legacy} is missing; restore it before "
            "upgrading (a new key would break every seal of the archive)."
        )
    old_key = legacy.read_text().strip().encode()
    if not seal_key_path(env).exists():
        create_seal_key(seal_key_path(env))
    kept = 0
    for unit in units:
        old = hmac.new(old_key, unit._seal_payload_v1(), hashlib.sha256).hexdigest()
        if old == unit.seal:
            unit.seal = seal(unit._seal_payload(), env)
            continue
        kept += 1
        unit.message_post(
            body=env._(
                "The seal of this unit did not match its files when the archive moved to "
                "seals that cover the retention data: the old seal is kept, so the "
                "verification keeps reporting it."
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
    _logger.info(
        "school_archive: %s units sealed again (format 2), %s broken seals kept",
        len(units) - kept,
        kept,
    )
