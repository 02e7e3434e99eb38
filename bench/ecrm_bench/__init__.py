"""The benchmark instrument: data generators (gen) and measures (measures)."""
