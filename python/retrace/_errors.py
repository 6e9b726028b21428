"""The exceptions and warnings of retrace, one class per Status code of the C++ library."""


class Error(Exception):
    """Every error retrace raises."""


class InvalidInput(Error, ValueError):
    """A file, record or argument that cannot be used; the message names it (FILE:LINE,
    the record's position in the iterable, or the article id)."""


class IOError(Error, OSError):  # noqa: A001 - named after the library's Status code
    """Reading or writing failed (a missing file, a full disk, permissions)."""


class Busy(Error):
    """An index that another process is writing."""


class Internal(Error, RuntimeError):
    """An error in retrace itself."""


class SkippedRecord(UserWarning):
    """A record that was left out (an empty text, a repeated id, ...); the run went on."""


for _cls in (Error, InvalidInput, IOError, Busy, Internal, SkippedRecord):
    _cls.__module__ = "retrace"
