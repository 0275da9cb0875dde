"""What a poll costs when little or nothing changed.

The API has no pagination and no ETag, so a dashboard downloads the whole list on every
poll. Most polls return exactly the bytes of the previous one: hashing 21 MB (10,000
records) takes ~15 ms where parsing takes hundreds, and the very same immutable
``RecordList`` comes back, so callers can tell "nothing changed" by identity and skip
their own work too. When the body did change, usually a few records did: each record
sent exactly as last time keeps its (immutable) model, and only the others are validated
(benchmarks/RESULTS.md, rows 4, 5 and 7).
"""

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from bcs_tui.api.gc_pause import collector_paused
from bcs_tui.api.heap_trim import TRIM_AFTER_BYTES, give_back_free_memory
from bcs_tui.api.models import OperationRecord, RecordList, parse_record, record_list
from bcs_tui.api.record_stream import Fingerprint, plain_text, stream_text


class BodyReuse:
    def __init__(self, parse: Callable[[bytes], RecordList]) -> None:
        self._parse = parse
        self._digest: bytes | None = None
        self._records: RecordList | None = None
        self._by_text: dict[Fingerprint, OperationRecord] = {}

    def records(self, body: bytes) -> RecordList:
        """The body's records: the previous result when ``body`` is byte-for-byte the same;
        else per record the previous model when its text is the same. A body that is not
        plain goes to ``parse`` (which raises for one that cannot be read); a body that
        fails is not remembered."""
        return self.records_of_chunks([body])

    def records_of_chunks(self, chunks: list[bytes]) -> RecordList:
        """``records`` of the body read in ``chunks``, which this empties: an unchanged
        body is only hashed, never joined, and a changed one is held once at a time (the
        pieces, then the body, then its text) rather than twice (benchmarks/RESULTS.md,
        row 8: the peak was an unchanged poll's pieces and their join)."""
        digest = hashlib.sha256()  # hardware-accelerated: 2x blake2b here
        size = 0
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
        try:
            return self._records_of(chunks, digest.digest())
        finally:
            chunks.clear()
            if size >= TRIM_AFTER_BYTES:
                give_back_free_memory()

    def _records_of(self, chunks: list[bytes], digest: bytes) -> RecordList:
        if digest == self._digest and self._records is not None:
            return self._records
        previous = self._by_text
        by_text: dict[Fingerprint, OperationRecord] = {}
        # After a whole parse there are no fingerprints yet: an equal record with the same
        # ID stands in, once, so the next poll does not make every row look new.
        equal_to = {} if previous else _by_id(self._records)

        def model_for(fingerprint: Fingerprint, raw: Any) -> OperationRecord:
            model = previous.get(fingerprint)
            if model is None:
                model = parse_record(raw)
                same = equal_to.get(model.operation_id)
                if same is not None and same == model:
                    model = same
            by_text[fingerprint] = model
            return model

        def known(fingerprint: Fingerprint) -> OperationRecord | None:
            model = previous.get(fingerprint)
            if model is not None:
                by_text[fingerprint] = model
            return model

        with collector_paused():
            # Every plain body, the first too, is walked one record at a time: the decoded
            # dicts of one record are alive at a time, not those of all 10,000 (whose
            # memory the process would keep), and the next body finds the fingerprints.
            body = b"".join(chunks)
            chunks.clear()
            text = plain_text(body)
            streamed = None
            if text is not None:
                del body  # the text is all the walk reads
                # Records sent as last time are recognised by their text, undecoded.
                streamed = stream_text(text, model_for, known if previous else None)
                # Not plain after all (its shape): the ordinary parse gets the body back
                # (UTF-8 there and back is exact).
                body = text.encode() if streamed is None else b""
                del text
            if streamed is None:
                by_text = {}
                result = self._parse(body)
            else:
                result = record_list(streamed.count, streamed.records)
        self._digest, self._records, self._by_text = digest, result, by_text
        return result


def _by_id(result: RecordList | None) -> dict[str | None, OperationRecord]:
    if result is None:
        return {}
    return {record.operation_id: record for record in result.records if record.is_valid}


class BodyReuseByQuery:
    """A ``BodyReuse`` per query: the dashboard polls running operations one by one
    (``operation_id``) between whole lists, and those small answers must not make the
    next whole list a full parse. The least recently used queries are forgotten first."""

    def __init__(self, parse: Callable[[bytes], RecordList], *, keep: int = 32) -> None:
        self._parse = parse
        self._keep = keep
        self._by_query: dict[tuple[tuple[str, str], ...], BodyReuse] = {}

    def records(self, query: Mapping[str, str], body: bytes) -> RecordList:
        return self.records_of_chunks(query, [body])

    def records_of_chunks(self, query: Mapping[str, str], chunks: list[bytes]) -> RecordList:
        """``BodyReuse.records_of_chunks`` for ``query`` (``chunks`` is emptied)."""
        key = tuple(sorted(query.items()))
        reuse = self._by_query.pop(key, None) or BodyReuse(self._parse)
        self._by_query[key] = reuse  # now the most recently used
        while len(self._by_query) > self._keep:
            del self._by_query[next(iter(self._by_query))]
        return reuse.records_of_chunks(chunks)
