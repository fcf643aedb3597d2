package dev.aggregation.bench.load;

/** A started ceiling: a server doing no work but the unavoidable, listening on loopback. */
public interface Ceiling extends AutoCloseable {
  int port();
}
