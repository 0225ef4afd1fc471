from . import school_personal_file_book
