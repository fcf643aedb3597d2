package dev.aggregation.bench.jmh;

import dev.aggregation.apiserver.storage.ListPage;
import dev.aggregation.apiserver.storage.cache.CachedStorage;
import dev.aggregation.apiserver.storage.cache.WatchCacheOptions;
import dev.aggregation.apiserver.storage.embedded.SqliteStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A consistent list of 500 objects from the watch cache against the same list read from the embedded SQLite
 * store behind it (the baseline): the store on a real file in a temporary directory.
 */
@State(Scope.Benchmark)
public class WatchCacheListBenchmark {
  private static final String PREFIX = "/registry/wardle.example.com/flunders/";
  private static final int OBJECTS = 500;
  private Path dataDir;
  private SqliteStorage backend;
  private CachedStorage cached;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dataDir = Files.createTempDirectory("bench-watchcache");
    backend = SqliteStorage.open(dataDir);
    for (int i = 0; i < OBJECTS; i++) {
      String name = String.format("f-%04d", i);
      backend.create(PREFIX + "default/" + name, Fixtures.flunderJson("wardle.example.com/v1beta1", name));
    }
    cached = CachedStorage.start(backend, List.of(PREFIX), WatchCacheOptions.DEFAULTS);
    if (!cached.awaitReady(Duration.ofSeconds(30))) {
      throw new IllegalStateException("the watch cache did not become ready: " + cached.unreadiness());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    cached.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Benchmark
  public ListPage listBaselineSqliteStore() {
    return backend.list(PREFIX, "", OBJECTS, 0);
  }

  @Benchmark
  public ListPage listFromWatchCache() {
    return cached.list(PREFIX, "", OBJECTS, 0);
  }
}
