package dev.aggregation.bench.load;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which ceiling to start and the bytes it answers with, all known before it starts: what the bench hands a ceiling
 * child JVM (through {@link CeilingFiles}) and what that child starts.
 */
public sealed interface CeilingSpec {
  /** Starts this ceiling on the given Vert.x instance, on a free loopback port. */
  Ceiling start(Vertx vertx) throws Exception;

  /** {@link CeilingServer}: each recorded path answered with its recorded answer, any other path with 404. */
  record Answers(Map<String, CeilingServer.Canned> byPath) implements CeilingSpec {
    public Answers {
      // the order recorded stays the order written, so that a run's files read in the order they were made
      byPath = Collections.unmodifiableMap(new LinkedHashMap<>(byPath));
    }

    @Override
    public Ceiling start(Vertx vertx) throws Exception {
      return CeilingServer.start(vertx, byPath);
    }
  }

  /** {@link FanoutCeiling}: the apiserver's list, create and event lines of a fan-out run. */
  record Fanout(FanoutCeiling.Recording recording) implements CeilingSpec {
    @Override
    public Ceiling start(Vertx vertx) throws Exception {
      return FanoutCeiling.start(vertx, recording);
    }
  }

  /** {@link CreateProxyCeiling}: the etcd to write to, the bytes each create stores, the apiserver's answer to one. */
  record CreateProxy(String etcdEndpoint, Buffer stored, CeilingServer.Canned created) implements CeilingSpec {
    @Override
    public Ceiling start(Vertx vertx) throws Exception {
      return CreateProxyCeiling.start(vertx, etcdEndpoint, stored.getBytes(), created);
    }
  }
}
