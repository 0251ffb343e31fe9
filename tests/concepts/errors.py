# concepts: exception-handling, custom-exception, broad-except, context-manager
import contextlib
import json
import logging
from contextlib import contextmanager

logger = logging.getLogger(__name__)


class PaymentError(Exception):
#     ^^^^^^^^^^^^ custom-exception
    pass


class CardDeclined(PaymentError):
#     ^^^^^^^^^^^^ custom-exception
    def __init__(self, code):
        super().__init__(f"declined: {code}")
        self.code = code


class InsufficientFundsException(Exception):
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^ custom-exception
    pass


class ErrorReport:
#     ^^^^^^^^^^^ !custom-exception
    # Not an exception: no Error/Exception base.
    pass


def parse_payload(raw):
    try:
#   ^^^ exception-handling
        return json.loads(raw)
    except json.JSONDecodeError as exc:
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^ !broad-except
#   ^^^^^^ !exception-handling
        logger.warning("bad payload: %s", exc)
        return None
    finally:
#   ^^^^^^^ !exception-handling
        logger.debug("parsed")


def swallow(job):
    try:
#   ^^^ exception-handling
        job.run()
    except:
#   ^^^^^^ broad-except
        pass
    try:
#   ^^^ exception-handling
        job.cleanup()
    except Exception:
#   ^^^^^^^^^^^^^^^^ broad-except
        pass
    try:
#   ^^^ exception-handling
        job.notify()
    except Exception as exc:
#   ^^^^^^^^^^^^^^^^ broad-except
        ...
    try:
#   ^^^ exception-handling
        job.retry()
    except BaseException:
#   ^^^^^^^^^^^^^^^^^^^^ broad-except
        # deliberately ignored
        pass


def handled(job):
    try:
#   ^^^ exception-handling
        job.run()
    except Exception:
        logger.exception("job failed")
#       ^^^^^^ !broad-except
        raise
    try:
#   ^^^ exception-handling
        job.cleanup()
    except ValueError:
#   ^^^^^^^^^^^^^^^^^ !broad-except
        pass


@contextmanager
# <- context-manager
def opened(path):
    handle = open(path)
    try:
#   ^^^ exception-handling
        yield handle
    finally:
        handle.close()


@contextlib.asynccontextmanager
# <- context-manager
async def session():
    yield None


def use(path, lock):
    with opened(path) as fh, lock:
#   ^^^^ context-manager
        return fh.read()
#              ^^^^^^^ !context-manager
