from . import ecrm_supplier_agreement
