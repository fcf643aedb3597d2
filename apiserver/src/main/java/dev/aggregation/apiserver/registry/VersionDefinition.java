package dev.aggregation.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One served version of a kind: its schema, its defaults, and how it converts to and from the kind's hub (the
 * version-independent form the strategy validates and the engine hands to admission). Conversions receive a
 * private deep copy they may change and return; the engine owns {@code apiVersion}, {@code kind} and
 * {@code metadata} and sets them itself after converting.
 */
public interface VersionDefinition {
  String name();

  /**
   * The OpenAPI v3 schema of the whole object in this version, {@code type: object} with {@code properties}
   * (at least {@code spec}/{@code status} as the kind has them). The engine adds {@code apiVersion},
   * {@code kind} and {@code metadata} when it publishes the schema.
   */
  ObjectNode schema();

  /** Fills defaults on a decoded object of this version, as Kubernetes' defaulting functions do. */
  default void applyDefaults(ObjectNode object) {}

  ObjectNode toHub(ObjectNode object);

  ObjectNode fromHub(ObjectNode hub);
}
