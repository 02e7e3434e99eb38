from . import test_supplier_agreement
