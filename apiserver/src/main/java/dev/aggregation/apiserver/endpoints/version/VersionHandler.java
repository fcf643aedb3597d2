package dev.aggregation.apiserver.endpoints.version;

import dev.aggregation.apiserver.endpoints.Responses;
import dev.aggregation.apiserver.machinery.Json;
import io.fabric8.kubernetes.api.model.version.Info;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code GET /version}: the {@code version.Info} kubectl version and the aggregator read. Go-specific fields
 * report their Java counterparts: {@code goVersion} the Java runtime ({@code java17.0.15}), {@code compiler}
 * {@code javac}, {@code platform} the OS and architecture in Go's spelling ({@code linux/amd64}).
 */
public final class VersionHandler {
  private final byte[] body;

  public VersionHandler(BuildInfo build) {
    this.body = Json.bytes(info(build));
  }

  public void mount(Router router) {
    router.get("/version").handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    Responses.json(ctx, 200, body);
  }

  static Info info(BuildInfo build) {
    Info info = new Info();
    info.setMajor(build.major());
    info.setMinor(build.minor());
    info.setGitVersion(build.gitVersion());
    info.setGitCommit(build.gitCommit());
    info.setGitTreeState(build.gitTreeState());
    info.setBuildDate(build.buildDate());
    info.setGoVersion(
        "java" + Runtime.version().version().stream().map(String::valueOf).collect(Collectors.joining(".")));
    info.setCompiler("javac");
    info.setPlatform(os() + "/" + arch());
    return info;
  }

  private static String os() {
    String name = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
    if (name.startsWith("windows")) {
      return "windows";
    }
    if (name.startsWith("mac")) {
      return "darwin";
    }
    return name.replace(' ', '-');
  }

  /** GOARCH spellings of the JVM's os.arch, so clients see the platform names they know. */
  private static String arch() {
    String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386", "i686" -> "386";
      case "ppc64le" -> "ppc64le";
      case "s390x" -> "s390x";
      default -> arch;
    };
  }
}
