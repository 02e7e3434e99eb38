# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Long jobs in committed batches that the scheduler resumes.

Every nightly or queued job of the eCRM addons walks its work the same way: one
batch at a time, telling the scheduler how much is done and how much remains
(``ir.cron._notify_progress``, so that Odoo runs the job again at once while work
remains) and, when the scheduler runs it, committing after each batch so that a
crash or a timeout loses at most the batch in progress. The three shapes of work
are here once:

- :func:`chunks`: a list known in advance (cards to expire, customers to greet);
- :func:`drain`: a queue emptied until nothing is left (mails to send);
- :func:`id_ranges`: every row by id range, resumed from a cursor kept in a system
  parameter (nightly recomputations over every customer);
- :func:`keyset_pages`: the rows a query selects, page by page after the last id
  (one pass of a maintenance job over the rows it must fix).

The loop body runs between two yields; the commit of a batch happens when the
loop asks for the next one, so a ``break`` leaves the current batch uncommitted.
Outside the scheduler (tests, a button) nothing is committed. The analytics
chain keeps its resume point on its own run records (one per step, with the
step's cursor) and reports each batch through :func:`batch_done` too.

Every job that walks customers in batches goes through here: the storefront
intake queue (``drain``), tier mails, segment members, point expiry, birthday
coupons, tier recompute, the nightly figures (``id_ranges``), the complaint
deadline cron and the analytics steps (``batch_done``).
"""


def in_cron(env):
    """Whether the scheduler runs this job (and so owns the transaction)."""
    return bool(env.context.get("ir_cron_progress_id"))


def batch_done(env, done, remaining, commit=None):
    """After a batch: report progress; commit it when the scheduler runs the job
    (or when ``commit`` says so: a job whose runs are records of their own)."""
    env["ir.cron"]._notify_progress(done=done, remaining=max(remaining, 0))
    if in_cron(env) if commit is None else commit:
        env.cr.commit()  # resumable: the batches done stay done


def chunks(env, items, size):
    """Yield ``items`` (a list or a recordset) ``size`` at a time."""
    total = len(items)
    for start in range(0, total, size):
        chunk = items[start : start + size]
        yield chunk
        batch_done(env, start + len(chunk), total - start - len(chunk))


def drain(env, fetch, count):
    """Yield ``fetch()`` until it is empty; ``count()`` says how many remain.

    The loop body must take each batch out of the queue (or the loop never ends).
    """
    done = 0
    while batch := fetch():
        yield batch
        done += len(batch)
        batch_done(env, done, count())


def keyset_pages(cr, page_query):
    """Yield the rows of ``page_query(after_id)`` (an SQL object whose rows start
    with an id, ordered by it, with a LIMIT) page by page: each page starts
    after the last id of the one before, until a page is empty. The caller may
    write between pages; rows it changes are not read again."""
    last = 0
    while True:
        cr.execute(page_query(last))
        rows = cr.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def id_ranges(env, param, max_id, size, limit=None):
    """Yield ``(low, high)`` inclusive id ranges up to ``max_id``.

    The last range done is kept in the system parameter ``param`` and committed
    with its batch, so a killed run resumes after it; the parameter is reset once
    every range is done, so the next run starts from the beginning. With
    ``limit``, a call stops after that many ranges and the scheduler, told that
    work remains, runs the job again at once.
    """
    params = env["ir.config_parameter"].sudo()
    last = int(params.get_param(param, 0))
    done = 0
    while last < max_id:
        if limit and done >= limit:
            return
        upper = last + size
        yield last + 1, upper
        last = upper
        done += 1
        params.set_param(param, last)
        batch_done(env, done, -(-(max_id - last) // size))
    params.set_param(param, 0)
