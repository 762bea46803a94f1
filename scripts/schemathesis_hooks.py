"""Keeps the fuzzer from locking itself out; loaded by scripts/schemathesis.sh (SCHEMATHESIS_HOOKS).

The stateful phase, and the fuzzing phase's use of values seen in responses, feed ids the API
returned into later requests: among them the id of the very user or session whose token signs the
requests. Disabling, removing or revoking that one ends the token, and the rest of the pass would
test nothing but the 401. Such a request is sent to a fresh random id instead; every other id is
fuzzed as generated (other users can be disabled or removed: the database is thrown away).
"""

import os
import uuid

import schemathesis

PROTECTED = {value for value in os.environ.get("STEPGATE_FUZZ_PROTECTED_IDS", "").split(",") if value}


def _is_protected(value):
    # Negative data puts objects and arrays where ids go; only a string can name a protected id.
    return isinstance(value, str) and value in PROTECTED


@schemathesis.hook
def before_call(context, case, kwargs):
    parameters = case.path_parameters
    if parameters and _is_protected(parameters.get("id")):
        parameters["id"] = str(uuid.uuid4())
    if isinstance(case.body, dict) and _is_protected(case.body.get("session_id")):
        case.body["session_id"] = str(uuid.uuid4())
