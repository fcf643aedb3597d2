package dev.aggregation.apiserver.storage.embedded;

import dev.aggregation.apiserver.storage.KeyValue;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link SqliteStorageCrashTest}: writes keys from several threads at once (so that the
 * store commits them in batches) and prints "ack KEY REVISION" for each write the store acknowledged, until it
 * is killed.
 */
public final class AcknowledgingWriter {

  static final String KEY_PREFIX = "/registry/durability/";

  private AcknowledgingWriter() {}

  /** Arguments: the data directory, the writes per thread, the number of writing threads. */
  public static void main(String[] args) throws InterruptedException {
    Path dataDir = Path.of(args[0]);
    int writesEach = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    SqliteStorage storage = SqliteStorage.open(dataDir);
    out.println("ready");
    out.flush();
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int writer = t;
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < writesEach; i++) {
                  String key = KEY_PREFIX + "key-" + writer + "-" + i;
                  KeyValue written = storage.create(key, ("value-" + i).getBytes(StandardCharsets.UTF_8));
                  // One line per ack, whole: the lock keeps threads from interleaving within a line.
                  synchronized (out) {
                    out.println("ack " + key + " " + written.modRevision());
                    out.flush();
                  }
                }
              },
              "writer-" + t);
      thread.start();
      writers.add(thread);
    }
    for (Thread writer : writers) {
      writer.join();
    }
    storage.close();
  }
}
