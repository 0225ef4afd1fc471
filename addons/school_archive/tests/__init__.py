from . import test_install
from . import test_council_decision
from . import test_translation
from . import test_personal_file
from . import test_personal_file_book
from . import test_certificate_custody
from . import test_certificate
from . import test_certificate_order546
from . import test_certificate_register
from . import test_certificate_forgery
from . import test_certificate_honours
from . import test_archive_record
from . import test_archive_integrity
from . import test_destruction_act
from . import test_backup
from . import test_archive_forgery
from . import test_archive_mirror_config
from . import test_archive_year_end
from . import test_gia_certificate
from . import test_gia_tour

from . import test_attestation_protocol
from . import test_result_credit
from . import test_attestation_forgery
from . import test_attestation_tour

from . import test_personal_file_uud
from . import test_archive_landing
