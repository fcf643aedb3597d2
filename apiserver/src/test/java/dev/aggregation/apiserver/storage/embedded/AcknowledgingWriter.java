package dev.aggregation.apiserver.storage.embedded;

import dev.aggregation.apiserver.storage.KeyValue;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of {@link SqliteStorageCrashTest}: writes keys one by one and prints "ack KEY REVISION" for
 * each write the store acknowledged, until it is killed.
 */
public final class AcknowledgingWriter {

  static final String KEY_PREFIX = "/registry/durability/";

  private AcknowledgingWriter() {}

  public static void main(String[] args) {
    Path dataDir = Path.of(args[0]);
    int writes = Integer.parseInt(args[1]);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    SqliteStorage storage = SqliteStorage.open(dataDir);
    out.println("ready");
    out.flush();
    for (int i = 0; i < writes; i++) {
      String key = KEY_PREFIX + "key-" + i;
      KeyValue written = storage.create(key, ("value-" + i).getBytes(StandardCharsets.UTF_8));
      out.println("ack " + key + " " + written.modRevision());
      out.flush();
    }
    storage.close();
  }
}
