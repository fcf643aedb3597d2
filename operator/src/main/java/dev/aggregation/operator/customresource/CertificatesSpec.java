package dev.aggregation.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** Lifetimes of the operator-issued certificates (Go durations such as 2160h or 90m), or a Secret of your own. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CertificatesSpec(
    @Pattern(GO_DURATION) @JsonPropertyDescription("Serving certificate lifetime (default 2160h, 90 days).")
        String validity,
    @Pattern(GO_DURATION)
        @JsonPropertyDescription("Renew the serving certificate this long before it expires (default 720h).")
        String renewBefore,
    @Pattern(GO_DURATION) @JsonPropertyDescription("CA lifetime (default 87600h, 10 years).") String caValidity,
    @JsonPropertyDescription(
            "Bring your own: a Secret in this namespace with tls.crt, tls.key and ca.crt. The operator issues nothing then.")
        String secretName) {
  static final String GO_DURATION = "^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$";
}
