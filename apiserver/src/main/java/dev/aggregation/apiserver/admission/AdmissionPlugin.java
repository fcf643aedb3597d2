package dev.aggregation.apiserver.admission;

/**
 * An admission plugin. Mutating plugins change {@code attributes.object()} in {@link #admit}; validating ones
 * reject in {@link #validate}. Both reject by throwing an {@link dev.aggregation.apiserver.machinery.ApiException}
 * (usually 403 Forbidden). They may block: they run off the event loop.
 */
public interface AdmissionPlugin {
  /** The name used by --enable-admission-plugins and --disable-admission-plugins. */
  String name();

  boolean handles(AdmissionAttributes attributes);

  default void admit(AdmissionAttributes attributes) {}

  default void validate(AdmissionAttributes attributes) {}
}
