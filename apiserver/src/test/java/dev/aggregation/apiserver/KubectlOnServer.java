package dev.aggregation.apiserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * kubectl against an in-process apiserver of a test class's own ({@code @RegisterExtension static final
 * KubectlOnServer kubectl = new KubectlOnServer();}): the server starts before the first test and stops after the
 * last; the class is skipped where kubectl is not installed.
 */
final class KubectlOnServer implements BeforeAllCallback, AfterAllCallback {
  private Path directory;
  private InProcessServer server;
  private Kubectl kubectl;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Kubectl.assumeInstalled();
    directory = Files.createTempDirectory("kubectl-on-server");
    server = InProcessServer.start(directory.resolve("server"));
    kubectl = new Kubectl(server.adminKubeconfig(), Files.createDirectories(directory.resolve("kubectl")));
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (server != null) {
      server.close();
    }
    if (directory != null) {
      try (Stream<Path> paths = Files.walk(directory)) {
        paths.sorted(Comparator.reverseOrder()).forEach(KubectlOnServer::delete);
      }
    }
  }

  Kubectl.Result run(String... args) {
    return kubectl.run(args);
  }

  Kubectl.Result run(Map<String, String> environment, String... args) {
    return kubectl.run(environment, args);
  }

  String succeed(String... args) {
    return kubectl.succeed(args);
  }

  Kubectl.Background start(String... args) {
    return kubectl.start(args);
  }

  Path manifest(String fileName, String yaml) {
    return kubectl.manifest(fileName, yaml);
  }

  Path script(String fileName, String body) {
    return kubectl.script(fileName, body);
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
