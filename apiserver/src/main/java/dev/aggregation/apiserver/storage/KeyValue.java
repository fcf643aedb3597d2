package dev.aggregation.apiserver.storage;

/**
 * One key as the store holds it at some revision. {@code modRevision} is what the API calls the object's
 * resourceVersion; {@code createRevision} is the revision that created this incarnation of the key.
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {}
