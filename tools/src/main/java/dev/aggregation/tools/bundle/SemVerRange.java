package dev.aggregation.tools.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version range as OLM reads {@code olm.skipRange} (blang/semver): comparators separated by spaces must all
 * hold, alternatives are separated by {@code ||}. E.g. {@code >=0.1.0 <0.2.0}.
 */
record SemVerRange(String text, List<List<Comparator>> alternatives) {
  record Comparator(String operator, SemVer version) {
    boolean holds(SemVer candidate) {
      int c = candidate.compareTo(version);
      return switch (operator) {
        case ">=" -> c >= 0;
        case ">" -> c > 0;
        case "<=" -> c <= 0;
        case "<" -> c < 0;
        case "!=" -> c != 0;
        default -> c == 0;
      };
    }
  }

  private static final Pattern COMPARATOR = Pattern.compile("(>=|<=|!=|==|=|>|<)?(.+)");

  static SemVerRange parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty version range");
    }
    List<List<Comparator>> alternatives = new ArrayList<>();
    for (String alternative : text.split("\\|\\|")) {
      List<Comparator> all = new ArrayList<>();
      for (String part : alternative.trim().split("\\s+")) {
        Matcher m = COMPARATOR.matcher(part);
        if (part.isEmpty() || !m.matches()) {
          throw new IllegalArgumentException("\"" + text + "\" is not a version range");
        }
        all.add(new Comparator(m.group(1) == null ? "=" : m.group(1), SemVer.parse(m.group(2))));
      }
      alternatives.add(List.copyOf(all));
    }
    return new SemVerRange(text, List.copyOf(alternatives));
  }

  boolean contains(SemVer version) {
    return alternatives.stream().anyMatch(all -> all.stream().allMatch(c -> c.holds(version)));
  }

  /** The lowest bound of a {@code >=X ...} range, which is how the generator writes its ranges. */
  SemVer lowerBound() {
    return alternatives.get(0).stream().filter(c -> c.operator().equals(">=")).map(Comparator::version)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("range \"" + text + "\" has no >= lower bound"));
  }
}
