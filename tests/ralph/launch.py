"""Starts Ralph's LRS API with its file-system backend, with two fixes of Ralph 5.1.0's
file-system backend applied in this process (run by Ralph's own Python: see server.py).

1. Every POST after the first answered 500: the backend writes with the "index" operation,
   which refuses a file that exists, so only the first request's statements were ever
   stored. Here it appends, as one JSON line per statement, which its reader reads back.
2. GET /statements?verb=... and ?activity=... matched nothing: the query parameters arrive
   as pydantic `IRI` objects and are compared with the statement's strings. Here they are
   compared as strings (the registration filter already does this).

`ralph runserver` would also run uvicorn with a reloader that watches the working folder;
this starts the app directly.

Usage: python launch.py DATA_DIR AUTH_FILE HOST PORT
"""

import os
import sys

data_dir, auth_file, host, port = sys.argv[1:5]
os.environ["RALPH_RUNSERVER_BACKEND"] = "fs"
os.environ["RALPH_AUTH_FILE"] = auth_file
os.environ["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = data_dir

import uvicorn  # noqa: E402
from ralph.backends.data.base import BaseOperationType  # noqa: E402
from ralph.backends.lrs.fs import FSLRSBackend  # noqa: E402


def _plain(value):
    while hasattr(value, "root"):
        value = value.root
    return None if value is None else str(value)


FSLRSBackend.default_operation_type = BaseOperationType.APPEND
_by_verb = FSLRSBackend._add_filter_by_verb
_by_activity = FSLRSBackend._add_filter_by_activity
FSLRSBackend._add_filter_by_verb = staticmethod(
    lambda filters, verb_id: _by_verb(filters, _plain(verb_id))
)
FSLRSBackend._add_filter_by_activity = staticmethod(
    lambda filters, object_id, related: _by_activity(filters, _plain(object_id), related)
)

from ralph.api import app  # noqa: E402

uvicorn.run(app, host=host, port=int(port), log_level="warning")
