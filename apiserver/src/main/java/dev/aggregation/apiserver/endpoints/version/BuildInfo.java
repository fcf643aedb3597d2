package dev.aggregation.apiserver.endpoints.version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What was built: the project version and the commit, tree state and date of the build, from
 * {@code build-info.properties} that Maven fills by resource filtering.
 *
 * @param version the Maven project version, {@code 0.1.0} or {@code 0.1.0-SNAPSHOT}
 * @param gitCommit the commit hash, or {@code unknown} when the build was not given one
 * @param gitTreeState {@code clean}, {@code dirty} or {@code unknown}
 * @param buildDate RFC 3339 UTC, {@code 2026-01-02T03:04:05Z}
 */
public record BuildInfo(String version, String gitCommit, String gitTreeState, String buildDate) {
  static final String RESOURCE = "build-info.properties";

  /** Reads the build's own properties from the classpath. */
  public static BuildInfo load() {
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the classpath has no " + BuildInfo.class.getPackageName() + "/" + RESOURCE);
      }
      Properties p = new Properties();
      p.load(in);
      return new BuildInfo(
          require(p, "version"), require(p, "gitCommit"), require(p, "gitTreeState"), require(p, "buildDate"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private static String require(Properties p, String key) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank() || value.startsWith("${")) {
      throw new IllegalStateException(RESOURCE + " has no filtered value for " + key + ": " + value);
    }
    return value;
  }

  /** {@code v} + version, the form Kubernetes reports as gitVersion. */
  public String gitVersion() {
    return "v" + version;
  }

  public String major() {
    return versionPart(0);
  }

  public String minor() {
    return versionPart(1);
  }

  private String versionPart(int index) {
    String[] parts = version.split("[.-]");
    return parts.length > index ? parts[index] : "";
  }
}
