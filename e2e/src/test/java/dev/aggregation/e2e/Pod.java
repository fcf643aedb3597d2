package dev.aggregation.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One replica of a Deployment run as a local process: the apiserver's Main in a child JVM with the container's
 * args (paths and port remapped), its output (the audit log included, --audit-log-path=-) in {@link #log()}.
 */
final class Pod implements AutoCloseable {
  private final String name;
  private final String templateHash;
  private final Path dir;
  private final int port;
  private final Process process;

  private Pod(String name, String templateHash, Path dir, int port, Process process) {
    this.name = name;
    this.templateHash = templateHash;
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /**
   * @param env the container's environment (literal values)
   * @param tmp the directory mounted at the container's /tmp (the JVM's temporary files go there, as in the
   *     image), if any
   */
  static Pod start(String name, String templateHash, Path dir, int port, List<String> args,
      java.util.Map<String, String> env, java.util.Optional<Path> tmp) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m",
        "-XX:TieredStopAtLevel=1"));
    tmp.ifPresent(path -> command.add("-Djava.io.tmpdir=" + path));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.aggregation.apiserver.server.Main"));
    command.addAll(args);
    Files.writeString(dir.resolve("command"), String.join("\n", command));
    // The container's root filesystem is read-only: the working directory stands for it and must stay empty.
    Path root = Files.createDirectories(dir.resolve("rootfs"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    Process process = builder
        .directory(root.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("log").toFile())
        .start();
    return new Pod(name, templateHash, dir, port, process);
  }

  String name() {
    return name;
  }

  String templateHash() {
    return templateHash;
  }

  int port() {
    return port;
  }

  /** What the process wrote outside its volumes (its read-only root filesystem in a real pod). */
  List<Path> writtenToRootFilesystem() throws IOException {
    try (var files = Files.walk(dir.resolve("rootfs"))) {
      return files.filter(path -> !path.equals(dir.resolve("rootfs"))).toList();
    }
  }

  Path log() {
    return dir.resolve("log");
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** kubelet's HTTPS probe: no certificate verification, 2xx-3xx is success. */
  boolean probe(String path) {
    try {
      HttpsURLConnection connection =
          (HttpsURLConnection) new java.net.URL("https://127.0.0.1:" + port + path).openConnection();
      connection.setSSLSocketFactory(INSECURE.getSocketFactory());
      connection.setHostnameVerifier((host, session) -> true);
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(1000);
      int code = connection.getResponseCode();
      connection.disconnect();
      return code >= 200 && code < 400;
    } catch (IOException e) {
      return false;
    }
  }

  String output() {
    try {
      return Files.readString(log());
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static final SSLContext INSECURE = insecureContext();

  private static SSLContext insecureContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, null);
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
