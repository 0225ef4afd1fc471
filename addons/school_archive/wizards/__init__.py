from . import school_personal_file_fill
from . import school_personal_file_book
from . import school_archive_year_wizard
from . import school_archive_verify_wizard
from . import school_archive_file_upload
from . import school_certificate_prepare
from . import school_archive_permanent_selection
from . import school_gia_certificate_prepare
