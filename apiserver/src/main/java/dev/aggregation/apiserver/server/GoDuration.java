package dev.aggregation.apiserver.server;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration}, which Kubernetes flags use ({@code 5m}, {@code 10s}, {@code 1h30m},
 * {@code 1.5h}, {@code 300ms}), with Go's error messages. Hand-written: java.time reads ISO-8601 only.
 */
public final class GoDuration {
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L,
          "\u03bcs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private GoDuration() {}

  public static Duration parse(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    BigInteger nanos = BigInteger.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        throw invalid(text);
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (unit.isEmpty()) {
        throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
      }
      Long perUnit = NANOS_PER_UNIT.get(unit);
      if (perUnit == null) {
        throw new IllegalArgumentException("time: unknown unit " + quote(unit) + " in duration " + quote(text));
      }
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(perUnit)).toBigInteger());
    }
    if (nanos.bitLength() > 63) {
      throw new IllegalArgumentException("time: invalid duration " + quote(text));
    }
    Duration duration = Duration.ofNanos(nanos.longValueExact());
    return negative ? duration.negated() : duration;
  }

  /** Go's {@code Duration.String()} form, for help texts and messages: {@code 1h30m0s}, {@code 5m0s}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder(duration.isNegative() ? "-" : "");
    Duration d = duration.abs();
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      long nanos = d.toNanos();
      if (nanos < 1_000) {
        return out.append(nanos).append("ns").toString();
      }
      if (nanos < 1_000_000) {
        return out.append(BigDecimal.valueOf(nanos, 3).stripTrailingZeros().toPlainString()).append("µs").toString();
      }
      return out.append(BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString()).append("ms").toString();
    }
    if (d.toHours() > 0) {
      out.append(d.toHours()).append('h');
    }
    if (d.toHours() > 0 || d.toMinutesPart() > 0) {
      out.append(d.toMinutesPart()).append('m');
    }
    BigDecimal seconds = BigDecimal.valueOf(d.toSecondsPart()).add(BigDecimal.valueOf(d.toNanosPart(), 9));
    return out.append(seconds.stripTrailingZeros().toPlainString()).append('s').toString();
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("time: invalid duration " + quote(text));
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }
}
