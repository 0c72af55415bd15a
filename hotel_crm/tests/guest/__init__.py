from . import test_stay_import_batch
