package dev.aggregation.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Expiry of the serving certificate and of its CA, RFC 3339. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CertificateStatus(String notAfter, String caNotAfter) {}
