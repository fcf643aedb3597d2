package dev.aggregation.apiserver.machinery;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A bad value for {@link FieldError} that must print the way Go's {@code fmt} prints it in a field.Error message
 * ({@code 0x0} for an unsigned zero, {@code []string{"a", "b"}} for a string slice), because clients and people
 * compare these messages with kube-apiserver's. {@link FieldError} prints any non-String value with
 * {@code toString()}.
 */
public record GoLiteral(String text) {
  /** Go's {@code %#v} of a {@code []string}: {@code []string{"a", "b"}}; {@code []string(nil)} for null. */
  public static GoLiteral stringSlice(List<String> values) {
    if (values == null) {
      return new GoLiteral("[]string(nil)");
    }
    return new GoLiteral(
        values.stream().map(GoStrings::quote).collect(Collectors.joining(", ", "[]string{", "}")));
  }

  /** Go's {@code %#v} of an unsigned integer, as {@code field.Invalid} prints a {@code uint64}: {@code 0x0}. */
  public static GoLiteral unsigned(long value) {
    return new GoLiteral("0x" + Long.toHexString(value));
  }

  @Override
  public String toString() {
    return text;
  }
}
