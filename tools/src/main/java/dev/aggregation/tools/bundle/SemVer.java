package dev.aggregation.tools.bundle;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version, as OLM's blang/semver parses CSV versions. Hand-written: the comparison
 * rules are a page of code, less than a dependency for one record.
 */
record SemVer(int major, int minor, int patch, String preRelease, String build) implements Comparable<SemVer> {
  private static final Pattern SYNTAX = Pattern.compile(
      "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
          + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
          + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

  static SemVer parse(String text) {
    Matcher m = SYNTAX.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a semantic version (X.Y.Z[-pre][+build])");
    }
    return new SemVer(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
        m.group(4) == null ? "" : m.group(4), m.group(5) == null ? "" : m.group(5));
  }

  static boolean isValid(String text) {
    return text != null && SYNTAX.matcher(text).matches();
  }

  @Override
  public int compareTo(SemVer other) {
    int c = Integer.compare(major, other.major);
    if (c == 0) {
      c = Integer.compare(minor, other.minor);
    }
    if (c == 0) {
      c = Integer.compare(patch, other.patch);
    }
    return c != 0 ? c : comparePreRelease(preRelease, other.preRelease);
  }

  /** A version without pre-release ranks above any of its pre-releases; identifiers compare one by one. */
  private static int comparePreRelease(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    if (a.isEmpty() || b.isEmpty()) {
      return a.isEmpty() ? 1 : -1;
    }
    String[] left = a.split("\\.");
    String[] right = b.split("\\.");
    for (int i = 0; i < Math.min(left.length, right.length); i++) {
      boolean leftNumeric = left[i].chars().allMatch(Character::isDigit);
      boolean rightNumeric = right[i].chars().allMatch(Character::isDigit);
      int c;
      if (leftNumeric && rightNumeric) {
        c = Long.compare(Long.parseLong(left[i]), Long.parseLong(right[i]));
      } else if (leftNumeric != rightNumeric) {
        c = leftNumeric ? -1 : 1;
      } else {
        c = left[i].compareTo(right[i]);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(left.length, right.length);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease)
        + (build.isEmpty() ? "" : "+" + build);
  }
}
