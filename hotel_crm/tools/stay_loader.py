"""Load a large stay file (CSV or XLSX, the shipped template's columns) through ``import_stays``.

Used by the command ``tools/import-stays FILE`` (see its ``--help``) and importable from an Odoo
shell::

    from odoo.addons.hotel_crm.tools.stay_loader import load_file
    load_file(env, "/data/pms-history.csv")

The file is read as a stream (memory does not grow with its size) and sent to
``hotel.crm.stay.import_stays`` in chunks; each chunk is committed on its own, its rejected rows
are appended to ``<input>.rejected.csv`` with their reasons, and a checkpoint
(``<input>.progress.json``) records how far the load went. Stopped (Ctrl+C, a crash, a reboot),
the same command goes on after the last committed chunk; run from the start again, it changes
nothing that is done (``import_stays`` is idempotent) and only adds what is missing.
"""

import csv
import itertools
import json
import os
import time

# template columns named for Odoo's import dialog, and the import_stays key each one feeds
TEMPLATE_KEYS = {"partner_id": "name"}
CHUNK_SIZE = 20000


def read_rows(path):
    """``(line_number, record)`` for each data row of ``path`` (CSV or XLSX), as a stream: the
    record as the file gives it, ``{column: value}``."""
    if path.lower().endswith((".xlsx", ".xlsm")):
        yield from _read_xlsx(path)
        return
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        yield from enumerate(reader, start=2)


def _read_xlsx(path):
    import openpyxl  # noqa: PLC0415 - an Odoo requirement, only needed for spreadsheets

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
        for line, cells in enumerate(rows, start=2):
            if any(cell not in (None, "") for cell in cells):
                yield line, dict(zip(header, cells, strict=False))
    finally:
        workbook.close()


def to_import_row(record):
    """The template's columns as ``import_stays`` keys: the guest's name in ``partner_id``, the
    property's name (or id) in ``company_id``, the booking company's name (or id) in ``booker_id``."""
    row = {}
    for key, value in record.items():
        if not key:
            continue
        key = key.strip()
        if key in TEMPLATE_KEYS and TEMPLATE_KEYS[key] not in record:
            key = TEMPLATE_KEYS[key]
        row[key] = value
    company = row.get("company_id")
    if isinstance(company, str) and company.strip() and not company.strip().isdigit() and "company" not in row:
        row["company"] = row.pop("company_id")
    # the booking company by name, as Odoo's import reads the template's column
    booker = row.get("booker_id")
    if isinstance(booker, str) and booker.strip() and not booker.strip().isdigit() and "booker" not in row:
        row["booker"] = row.pop("booker_id")
    return row


def count_rows(path):
    """Number of data rows of ``path`` (one pass, nothing kept), for the progress bar."""
    if path.lower().endswith((".xlsx", ".xlsm")):
        return sum(1 for _row in _read_xlsx(path))
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return max(sum(1 for _record in csv.reader(handle)) - 1, 0)


class Checkpoint:
    """``<input>.progress.json``: rows committed so far and the size of the rejects file then."""

    def __init__(self, path):
        self.path = path + ".progress.json"
        stat = os.stat(path)
        self.signature = {"size": stat.st_size, "mtime": int(stat.st_mtime)}

    def load(self):
        try:
            with open(self.path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            return 0, 0
        if data.get("input") != self.signature:  # another file under the same name: start over
            return 0, 0
        return int(data.get("rows_done", 0)), int(data.get("rejects_size", 0))

    def save(self, rows_done, rejects_size):
        tmp = self.path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump({"input": self.signature, "rows_done": rows_done, "rejects_size": rejects_size}, handle)
        os.replace(tmp, self.path)

    def remove(self):
        if os.path.exists(self.path):
            os.remove(self.path)


class Rejects:
    """``<input>.rejected.csv``: line of the input, reason, then the row as it was read."""

    def __init__(self, path, keep_size):
        self.path = path + ".rejected.csv"
        resume = keep_size and os.path.exists(self.path)
        self.handle = open(self.path, "r+" if resume else "w", newline="", encoding="utf-8")
        if resume:  # drop what a stopped run wrote after its last checkpoint
            self.handle.truncate(keep_size)
            self.handle.seek(keep_size)
        self.writer = csv.writer(self.handle)
        self.header = None
        self.count = 0

    def add(self, rejected):
        for line, row, reason in rejected:
            if self.header is None:
                self.header = list(row)
                if not self.handle.tell():
                    self.writer.writerow(["line", "reason", *self.header])
            self.writer.writerow([line, reason, *(row.get(key, "") for key in self.header)])
            self.count += 1
        self.handle.flush()
        os.fsync(self.handle.fileno())
        return self.handle.tell()

    def close(self):
        self.handle.close()


def load_file(env, path, chunk_size=CHUNK_SIZE, commit=None, progress=True, restart=False, stop_after=None):
    """Import the stays of ``path`` in chunks of ``chunk_size`` rows, committing each.

    :param env: the environment to import with (its user, companies and language)
    :param commit: called after each chunk (default ``env.cr.commit``)
    :param progress: show a progress bar (``tqdm``) on the terminal
    :param restart: ignore the checkpoint of a previous run and read the file from its start
    :param stop_after: stop after this many chunks (a stop in the middle, for tests)
    :return: ``{"rows": n, "created": n, "updated": n, "rejected": n, "skipped": n}``, ``skipped``
        being the rows a previous run had committed
    """
    commit = commit or env.cr.commit
    checkpoint = Checkpoint(path)
    done, rejects_size = (0, 0) if restart else checkpoint.load()
    rejects = Rejects(path, rejects_size if done else 0)
    totals = {"rows": 0, "created": 0, "updated": 0, "rejected": 0, "skipped": done}
    Stay = env["hotel.crm.stay"].with_context(hotel_import_history=True)
    bar = _progress_bar(path, done) if progress else None
    rows = itertools.islice(read_rows(path), done, None)
    start = time.perf_counter()
    try:
        for number, chunk in enumerate(iter(lambda: list(itertools.islice(rows, chunk_size)), []), start=1):
            lines = [line for line, _record in chunk]  # messages name the file's lines
            result = Stay.with_context(hotel_import_lines=lines).import_stays(
                [to_import_row(record) for _line, record in chunk]
            )
            commit()
            rejected = [(chunk[e["row"] - 1][0], chunk[e["row"] - 1][1], e["message"]) for e in result["errors"]]
            done += len(chunk)
            checkpoint.save(done, rejects.add(rejected))
            totals["rows"] += len(chunk)
            totals["created"] += result["created"]
            totals["updated"] += result["updated"]
            totals["rejected"] += len(rejected)
            if bar is not None:
                bar.update(len(chunk))
                bar.set_postfix(created=totals["created"], updated=totals["updated"], rejected=totals["rejected"])
            if stop_after and number >= stop_after:
                return totals
        checkpoint.remove()
    finally:
        rejects.close()
        if bar is not None:
            bar.close()
    totals["seconds"] = round(time.perf_counter() - start, 1)
    return totals


def _progress_bar(path, done):
    from tqdm import tqdm  # noqa: PLC0415 - only the command line shows progress

    return tqdm(total=count_rows(path), initial=done, unit="rows", unit_scale=True, dynamic_ncols=True, smoothing=0.1)
