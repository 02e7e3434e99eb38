# eCRM for Odoo 18: the two commands, and a few helpers.
.PHONY: run test lint

run:  ## serve a demo database on http://localhost:8069
	scripts/run

test:  ## fresh database, every test, pytest's summary line
	scripts/test

lint:  ## OCA's pre-commit hooks
	pre-commit run --all-files
