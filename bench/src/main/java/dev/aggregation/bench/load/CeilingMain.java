package dev.aggregation.bench.load;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A ceiling as a JVM of its own, which {@link CeilingProcess} starts with the apiserver's JVM flags: reads the
 * {@link CeilingFiles} in the directory it is given, starts that ceiling on a free loopback port, prints
 * {@value #LISTENING}{@code <port>} on a line of its own once it listens, and serves until its standard input
 * closes (the bench closed it, or the bench died) or it gets SIGTERM.
 */
public final class CeilingMain {
  static final String LISTENING = "listening on ";

  private CeilingMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CeilingMain <directory with " + CeilingFiles.MANIFEST + ">");
    }
    CeilingSpec spec = CeilingFiles.read(Path.of(args[0]));
    Vertx vertx = Vertx.vertx();
    try (Ceiling ceiling = spec.start(vertx)) {
      System.out.println(LISTENING + ceiling.port());
      System.out.flush();
      awaitEndOf(System.in);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static void awaitEndOf(InputStream in) throws IOException {
    byte[] ignored = new byte[256];
    while (in.read(ignored) != -1) {
      // the bench sends nothing: only the end of the stream means something
    }
  }
}
