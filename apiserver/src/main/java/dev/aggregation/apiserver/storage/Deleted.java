package dev.aggregation.apiserver.storage;

/** The result of a delete: the last state of the key, and the revision of the deletion itself. */
public record Deleted(KeyValue previous, long revision) {}
