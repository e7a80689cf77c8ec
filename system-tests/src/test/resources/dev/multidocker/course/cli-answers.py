# The aws CLI's own driver, run on each call read from standard input (a JSON array of its words per line); writes
# for each its exit status and everything it printed, as one JSON object per line. One process answers every call:
# a run of the aws command costs about a second to start, a call here about 50 ms.
import contextlib
import io
import json
import sys

from awscli.clidriver import create_clidriver

driver = create_clidriver()
for line in sys.stdin:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        try:
            status = driver.main(json.loads(line))
        except SystemExit as exit:
            status = exit.code
    print(json.dumps({"status": status, "printed": printed.getvalue()}), flush=True)
