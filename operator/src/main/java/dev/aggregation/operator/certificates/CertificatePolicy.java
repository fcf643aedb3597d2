package dev.aggregation.operator.certificates;

import dev.aggregation.operator.customresource.CertificatesSpec;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;

/**
 * Lifetimes of the issued certificates. {@code renewBefore} is clamped to a third of the shorter lifetime: the CA
 * rotation needs two renewBefore windows (stage the new CA, then sign with it), and a renewBefore as long as the
 * validity would renew on every reconcile.
 */
public record CertificatePolicy(Duration validity, Duration renewBefore, Duration caValidity) {
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(90);
  public static final Duration DEFAULT_RENEW_BEFORE = Duration.ofDays(30);
  public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);

  public CertificatePolicy {
    if (validity.isNegative() || validity.isZero() || caValidity.isNegative() || caValidity.isZero()) {
      throw new IllegalArgumentException("certificate lifetimes must be positive: validity " + validity
          + ", caValidity " + caValidity);
    }
    Duration limit = (validity.compareTo(caValidity) < 0 ? validity : caValidity).dividedBy(3);
    if (renewBefore.compareTo(limit) > 0) {
      renewBefore = limit;
    }
  }

  public static CertificatePolicy defaults() {
    return new CertificatePolicy(DEFAULT_VALIDITY, DEFAULT_RENEW_BEFORE, DEFAULT_CA_VALIDITY);
  }

  /** The policy of {@code spec} (null: all defaults). */
  public static CertificatePolicy of(CertificatesSpec spec) {
    if (spec == null) {
      return defaults();
    }
    return new CertificatePolicy(
        duration("validity", spec.validity()).orElse(DEFAULT_VALIDITY),
        duration("renewBefore", spec.renewBefore()).orElse(DEFAULT_RENEW_BEFORE),
        duration("caValidity", spec.caValidity()).orElse(DEFAULT_CA_VALIDITY));
  }

  private static Optional<Duration> duration(String field, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(io.fabric8.kubernetes.api.model.Duration.parse(value).getDuration());
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          "spec.certificates." + field + " \"" + value + "\" is not a duration such as 2160h or 90m", e);
    }
  }
}
