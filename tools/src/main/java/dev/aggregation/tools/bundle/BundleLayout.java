package dev.aggregation.tools.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;

/** Where a registry+v1 bundle keeps its files, relative to the project root (operator-sdk's layout). */
record BundleLayout(Path root) {
  static final String PACKAGE = "apiserver-operator";
  static final String BUNDLE_DIR = "bundle";
  static final String MANIFESTS = "manifests/";
  static final String METADATA = "metadata/";
  static final String DOCKERFILE = "bundle.Dockerfile";
  static final String CSV_FILE = PACKAGE + ".clusterserviceversion.yaml";

  static final String MEDIATYPE_KEY = "operators.operatorframework.io.bundle.mediatype.v1";
  static final String MANIFESTS_KEY = "operators.operatorframework.io.bundle.manifests.v1";
  static final String METADATA_KEY = "operators.operatorframework.io.bundle.metadata.v1";
  static final String PACKAGE_KEY = "operators.operatorframework.io.bundle.package.v1";
  static final String CHANNELS_KEY = "operators.operatorframework.io.bundle.channels.v1";
  static final String DEFAULT_CHANNEL_KEY = "operators.operatorframework.io.bundle.channel.default.v1";

  Path bundle() {
    return root.resolve(BUNDLE_DIR);
  }

  Path manifests() {
    return bundle().resolve(MANIFESTS);
  }

  Path csv() {
    return manifests().resolve(CSV_FILE);
  }

  Path annotations() {
    return bundle().resolve(METADATA).resolve("annotations.yaml");
  }

  Path dockerfile() {
    return root.resolve(DOCKERFILE);
  }

  Path config() {
    return root.resolve("config");
  }

  /** operator-sdk's name for a CRD file: {@code <group>_<plural>.yaml}. */
  static String crdFile(ObjectNode crd) {
    return Yaml.text(crd, "spec.group") + "_" + Yaml.text(crd, "spec.names.plural") + ".yaml";
  }

  /** operator-sdk's name for any other object: {@code <name>_<version>_<kind>.yaml}. */
  static String objectFile(ObjectNode object) {
    String apiVersion = Yaml.text(object, "apiVersion");
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    return Yaml.text(object, "metadata.name") + "_" + version + "_" + Yaml.text(object, "kind").toLowerCase(Locale.ROOT)
        + ".yaml";
  }
}
