package dev.aggregation.apiserver.storage;

import java.util.List;

/**
 * A page of keys in key order, read at {@code revision}. {@code remaining} counts the keys under the prefix
 * after this page (0 when {@code more} is false).
 */
public record ListPage(List<KeyValue> items, long revision, boolean more, long remaining) {}
