package dev.aggregation.operator;

import io.javaoperatorsdk.operator.api.reconciler.Constants;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How this operator process runs, from its environment.
 *
 * @param defaultImage the apiserver image of the operator's own release, used when an ApiServer names none
 * @param watchNamespaces the namespaces whose ApiServers are reconciled; {@link Constants#WATCH_ALL_NAMESPACE_SET}
 *     for all
 */
public record OperatorSettings(String defaultImage, Set<String> watchNamespaces) {
  /** The operand image; OLM rewrites this variable to a digest for disconnected installs. */
  public static final String IMAGE_VARIABLE = "RELATED_IMAGE_APISERVER";

  public static final String NAMESPACES_VARIABLE = "WATCH_NAMESPACES";

  public static OperatorSettings fromEnvironment(Map<String, String> environment) {
    String image = environment.getOrDefault(IMAGE_VARIABLE, "").trim();
    if (image.isEmpty()) {
      image = releaseImage();
    }
    Set<String> namespaces =
        Arrays.stream(environment.getOrDefault(NAMESPACES_VARIABLE, "").split(","))
            .map(String::trim)
            .filter(namespace -> !namespace.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    return new OperatorSettings(image, namespaces.isEmpty() ? Constants.WATCH_ALL_NAMESPACE_SET : namespaces);
  }

  /** The image built from the same sources as this operator (written into release.properties by Maven). */
  static String releaseImage() {
    try (InputStream in = OperatorSettings.class.getResourceAsStream("release.properties")) {
      if (in == null) {
        throw new IllegalStateException("release.properties is missing from the operator jar");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("apiserver.image");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read release.properties", e);
    }
  }
}
