from odoo import api, models

TEACHER = "school_records.group_teacher"
CLASS_TEACHER = "school_records.group_class_teacher"
DEPUTY = "school_records.group_deputy"
DIRECTOR = "school_records.group_director"
SECRETARY = "school_records.group_secretary"
ARCHIVIST = "school_records.group_archivist"
SCHOOL_ADMIN = "school_records.group_school_admin"


class SchoolRoles(models.AbstractModel):
    """Who holds a school role: the one place every addon asks.

    The roles are the groups of ``security/school_records_groups.xml``: teacher ⊂ class
    teacher ⊂ deputy ⊂ director, and the secretary, the archivist, the school's
    administrator. A group that implies another holds it too: the director is a deputy,
    the deputy a class teacher and a teacher.

    Does a user hold a role? (the user of the request when none is given; ``sudo()``
    never makes anyone a deputy — the user counts, not the superuser flag)
        ``_holds(role)``, ``_holds_any(*roles)``, ``_is_teacher()``,
        ``_is_class_teacher()``, ``_is_deputy()``, ``_is_director()``,
        ``_is_secretary()``, ``_is_archivist()``
    Who holds a role? (active internal users, whatever the caller may read)
        ``_holders(role)``, ``_deputies()``, ``_directors()``,
        ``_own_holders(role)`` — those holding it as their own (not the administrators,
        not the director for a role the director's includes), ``_person(role)`` — the
        one person a task of the role goes to
    Who leads a class?
        ``_class_teacher(school_class)``, ``_is_class_teacher_of(school_class)``,
        ``_classes_led(user)``, ``_class_teacher_of_student(student, day)``
    Who teaches a class?
        ``_subject_teachers(school_class)``

    The record rules (``security/*.xml``) say the same in domains; this service answers
    in Python. Each answer is in the caller's environment.
    """

    _name = "school.roles"
    _description = "School Roles"

    # does a user hold a role ------------------------------------------------------------------
    @api.model
    def _holds(self, role, user=None):
        """``role`` is a group's xml id."""
        return (user or self.env.user).has_group(role)

    @api.model
    def _holds_any(self, *roles, user=None):
        user = user or self.env.user
        return any(user.has_group(role) for role in roles)

    @api.model
    def _is_teacher(self, user=None):
        return self._holds(TEACHER, user)

    @api.model
    def _is_class_teacher(self, user=None):
        """Holds the class teacher's role (of some class; see ``_is_class_teacher_of``)."""
        return self._holds(CLASS_TEACHER, user)

    @api.model
    def _is_deputy(self, user=None):
        """The deputy director — or the director, whose role includes the deputy's."""
        return self._holds(DEPUTY, user)

    @api.model
    def _is_director(self, user=None):
        return self._holds(DIRECTOR, user)

    @api.model
    def _is_secretary(self, user=None):
        return self._holds(SECRETARY, user)

    @api.model
    def _is_archivist(self, user=None):
        return self._holds(ARCHIVIST, user)

    # who holds a role ---------------------------------------------------------------------------
    @api.model
    def _holders(self, role):
        """The active internal users holding ``role`` in the caller's companies (the
        school)."""
        group = self.env.ref(role, raise_if_not_found=False)
        if not group:
            return self.env["res.users"]
        users = group.sudo().users.filtered(
            lambda user: user.active and not user.share and user.company_ids & self.env.companies
        )
        return users.with_env(self.env)

    @api.model
    def _deputies(self):
        """The deputy directors, the director among them."""
        return self._holders(DEPUTY)

    @api.model
    def _directors(self):
        return self._holders(DIRECTOR)

    @api.model
    def _own_holders(self, role):
        """The holders of ``role`` as their own: not the (school or system)
        administrators, whose groups imply every role, nor the director for a role the
        director's includes. Failing them the director, failing her the administrators."""
        holders = self._holders(role)
        admins = self._holders(SCHOOL_ADMIN) | self._holders("base.group_system")
        director = self._holders(DIRECTOR) if role != DIRECTOR else self.env["res.users"]
        return (holders - admins - director) or (holders - admins) or holders

    @api.model
    def _person(self, role):
        """The one person a task of ``role`` goes to (see ``_own_holders``)."""
        return self._own_holders(role)[:1]

    # who leads a class ----------------------------------------------------------------------
    @api.model
    def _class_teacher(self, school_class):
        """The class teacher of ``school_class`` (of each, when several are given),
        whatever the caller may read."""
        return school_class.sudo().class_teacher_id.with_env(self.env)

    @api.model
    def _is_class_teacher_of(self, school_class, user=None):
        """The user leads ``school_class`` (each of them, when several are given)."""
        user = user or self.env.user
        classes = school_class.sudo()
        return bool(classes) and all(c.class_teacher_id == user for c in classes)

    @api.model
    def _classes_led(self, user=None):
        """The classes the user is the class teacher of, as far as the user may read."""
        user = user or self.env.user
        return self.env["school.class"].search([("class_teacher_id", "=", user.id)])

    @api.model
    def _class_teacher_of_student(self, student, day=None):
        """The class teacher of the student's class on ``day`` (today by default), or of
        their last class for a student who has left."""
        school_class = self.env["school.diary"]._current_class(student, day)
        return self._class_teacher(school_class)

    # who teaches a class ------------------------------------------------------------------------
    @api.model
    def _subject_teachers(self, school_class):
        """The teachers of the class's journals (its teaching assignments)."""
        assignments = school_class.sudo().assignment_ids
        return assignments.teacher_id.with_env(self.env)
