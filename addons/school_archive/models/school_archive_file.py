import base64
import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import config

_logger = logging.getLogger(__name__)

MIRROR_PARAM = "school_archive.mirror_path"
# the server-wide mirror directory in the Odoo configuration file: <dir>/<database>
MIRROR_OPTION = "school_archive_mirror_dir"
SEAL_KEY_OPTION = "school_archive_seal_key_file"


def sha256_hex(content):
    return hashlib.sha256(content).hexdigest()


LEGACY_KEY_NAME = "school_archive_seal.key"


def seal_key_path(env):
    """Where the seal key of this database lives: one key per database. The option
    ``school_archive_seal_key_file`` may name the file with ``{db}`` for the database
    (``/etc/odoo/school_archive_seal_{db}.key``); a fixed name serves the one database of
    that configuration. By default: ``<data_dir>/school_archive_seal/<database>.key``."""
    configured = config.get(SEAL_KEY_OPTION)
    if configured:
        return Path(configured.replace("{db}", env.cr.dbname))
    return Path(config["data_dir"]) / "school_archive_seal" / f"{env.cr.dbname}.key"


def legacy_seal_key_path():
    """The key every database of a server shared before 18.0.1.0.0."""
    return Path(config.get(SEAL_KEY_OPTION) or Path(config["data_dir"]) / LEGACY_KEY_NAME)


def create_seal_key(path):
    """A new random key at `path`, readable by its owner only; an existing file is kept."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another worker created it meanwhile
    with os.fdopen(descriptor, "w") as key_file:
        key_file.write(secrets.token_hex(32))
    _logger.info("Created the archive seal key %s", path)


def seal_key(env):
    """The HMAC key of the archive seals of this database. It lives in a file outside the
    database (:func:`seal_key_path`), so whoever can write the database cannot forge a
    seal, and no other database of the server (a copy for training, a test database)
    shares it; it is created, readable by its owner only, on first use. Once units are
    sealed a missing key is an error, never a new key: a new key would make every seal
    of the archive fail as if the archive had been tampered with."""
    path = seal_key_path(env)
    if not path.exists():
        if env["school.archive.record"].sudo().search_count([("seal", "!=", False)], limit=1):
            raise UserError(
                env._(
                    "The archive seal key %s is missing. Restore it from the backup "
                    "(scripts/restore.sh -s): a new key would break every seal of the archive.",
                    path,
                )
            )
        create_seal_key(path)
    return path.read_text().strip().encode()


def seal(payload, env):
    """HMAC-SHA256 of `payload` (bytes) with the archive key, as hex."""
    return hmac.new(seal_key(env), payload, hashlib.sha256).hexdigest()


class SchoolArchiveFile(models.Model):
    """One file of an archival unit. Two copies are kept on two storage locations (seed
    000 §3.1.9: two electronic media): an attachment in the Odoo filestore, and a copy in
    the mirror directory (``school_archive.mirror_path``). The SHA-256 of the content is
    recorded at archiving and never changes; the unit's seal covers it."""

    _name = "school.archive.file"
    _description = "Archived File"
    _order = "record_id, id"

    record_id = fields.Many2one(
        "school.archive.record", required=True, ondelete="restrict", index=True
    )
    name = fields.Char(required=True)
    mimetype = fields.Char()
    size = fields.Integer(string="Size (bytes)")
    sha256 = fields.Char(string="SHA-256", readonly=True, index=True)
    # read through action_download (logged); the attachment itself is for the system only
    content = fields.Binary(attachment=True, groups="base.group_system")
    mirror_relpath = fields.Char(string="Mirror copy", readonly=True)
    state = fields.Selection(
        [("ok", "Intact"), ("damaged", "Damaged"), ("destroyed", "Destroyed")],
        default="ok",
        required=True,
        readonly=True,
    )
    last_check = fields.Datetime(string="Last checked", readonly=True)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("Archived files are destroyed by a destruction act, never deleted.")
        )

    def action_download(self):
        """Download the file; reads of personal files are logged."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_url",
            "url": f"/school_archive/file/{self.id}",
            "target": "self",
        }

    def _read_for_download(self):
        """The content for the reader, from an intact copy; reads of personal files are
        logged (who, when, which unit)."""
        self.ensure_one()
        self.check_access("read")
        if self.state == "destroyed":
            raise UserError(self.env._("The file %s was destroyed.", self.name))
        content = self._read_content()
        self.env["school.archive.access.log"]._log_read(self)
        return content

    # storage -------------------------------------------------------------------------------
    @api.model
    def _mirror_root(self):
        """The database's parameter, else the configuration file's directory (one per
        database in it), else <data_dir>/school_archive_mirror/<database>."""
        configured = self.env["ir.config_parameter"].sudo().get_param(MIRROR_PARAM)
        if configured:
            return Path(configured)
        server_dir = config.get(MIRROR_OPTION) or Path(config["data_dir"]) / "school_archive_mirror"
        return Path(server_dir) / self.env.cr.dbname

    @api.model
    def _store_new(self, record, name, content, mimetype):
        """Archive `content` as a file of `record`: both copies and the digest."""
        digest = sha256_hex(content)
        archived = self.sudo().create(
            {
                "record_id": record.id,
                "name": name,
                "mimetype": mimetype,
                "size": len(content),
                "sha256": digest,
                "content": base64.b64encode(content),
            }
        )
        relpath = f"{record.id}/{archived.id}-{digest}"
        archived._write_mirror(content, relpath)
        archived.mirror_relpath = relpath
        return archived

    def _attachment(self):
        self.ensure_one()
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_field", "=", "content"),
                    ("res_id", "=", self.id),
                ],
                limit=1,
            )
        )

    def _inside_mirror(self, relpath):
        """The mirror copy's path, refused unless it stays inside the mirror root (no
        ``..``, no absolute path, no link out of it)."""
        root = self._mirror_root().resolve()
        path = (root / relpath).resolve()
        if Path(relpath).is_absolute() or not path.is_relative_to(root) or path == root:
            raise UserError(
                self.env._(
                    "The mirror copy %(path)s of %(file)s is outside the archive's mirror "
                    "directory: it is neither read nor written.",
                    path=relpath,
                    file=self.name or "",
                )
            )
        return path

    def _mirror_path(self):
        return self._inside_mirror(self.mirror_relpath) if self.mirror_relpath else None

    def _write_mirror(self, content, relpath=None):
        path = self._inside_mirror(relpath or self.mirror_relpath)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(content)
        os.replace(temporary, path)

    def _read_mirror(self):
        try:
            path = self._mirror_path()
            return path.read_bytes() if path else None
        except (OSError, UserError):
            return None

    def _read_filestore(self):
        """The bytes of the filestore copy as they are on disk (None if missing)."""
        attachment = self._attachment()
        if not attachment:
            return None
        if not attachment.store_fname:
            return attachment.db_datas or None
        try:
            return Path(attachment._full_path(attachment.store_fname)).read_bytes()
        except OSError:
            return None

    def _write_filestore(self, content):
        attachment = self._attachment()
        if attachment.store_fname:
            path = Path(attachment._full_path(attachment.store_fname))
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".tmp")
            temporary.write_bytes(content)
            os.replace(temporary, path)
        else:
            self.sudo().content = base64.b64encode(content)

    def _read_content(self):
        """The content from whichever copy is intact (filestore first)."""
        self.ensure_one()
        for content in (self._read_filestore(), self._read_mirror()):
            if content is not None and sha256_hex(content) == self.sha256:
                return content
        raise UserError(
            self.env._(
                "Both copies of the archived file %s are damaged: run a verification.",
                self.name,
            )
        )

    def _destroy_copies(self):
        for archived in self:
            archived._attachment().unlink()
            path = archived._mirror_path()
            if path and path.exists():
                path.unlink()
        self.sudo().write({"state": "destroyed"})

    # verification --------------------------------------------------------------------------
    def _verify_and_repair(self):
        """Read both copies of the file and compare them with the recorded digest; rewrite
        a damaged copy from the intact one and read it again.

        :return: (result, details): result is "ok", "repaired" or "failed"."""
        self.ensure_one()
        filestore, mirror = self._read_filestore(), self._read_mirror()
        filestore_ok = filestore is not None and sha256_hex(filestore) == self.sha256
        mirror_ok = mirror is not None and sha256_hex(mirror) == self.sha256
        if filestore_ok and mirror_ok:
            return "ok", self.env._("both copies intact")
        if not (filestore_ok or mirror_ok):
            return "failed", self.env._("both copies differ from the recorded digest")
        if filestore_ok:
            damaged = self.env._("mirror copy")
            try:
                self._write_mirror(filestore)
            except UserError as error:
                return "failed", str(error)
            repaired = self._read_mirror()
        else:
            self._write_filestore(mirror)
            repaired = self._read_filestore()
            damaged = self.env._("filestore copy")
        if repaired is not None and sha256_hex(repaired) == self.sha256:
            return "repaired", self.env._("%s damaged, restored from the other copy", damaged)
        return "failed", self.env._("%s damaged and could not be restored", damaged)
