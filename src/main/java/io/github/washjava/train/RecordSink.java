package io.github.washjava.train;

import java.util.Map;

/** Where trackers send their records (the metrics file on rank 0; nowhere on the other ranks). */
@FunctionalInterface
public interface RecordSink {
    /** Discards every record. */
    RecordSink NONE = record -> { };

    /** Appends one record (a JSON object). */
    void write(Map<String, Object> record);
}
