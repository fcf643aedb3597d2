package dev.aggregation.bench.load;

/**
 * The CPU fields of one line of {@code /proc/<pid>/stat} (proc(5)), in clock ticks: the process's own user and
 * system time (fields 14 and 15, all its threads) and the user and system time of its children that it has waited
 * for (fields 16 and 17).
 */
public record ProcStat(long userTicks, long systemTicks, long reapedChildrenUserTicks, long reapedChildrenSystemTicks) {
  /** Field 3 (the state) is the first after the command name; fields 14 to 17 follow 11 to 14 places later. */
  private static final int FIRST_FIELD_AFTER_NAME = 3;

  /**
   * Parses a stat line. The command name (field 2) is in parentheses and may itself hold spaces and ')', so the
   * fields are counted from after its last ')'.
   */
  public static ProcStat parse(String line) {
    int nameEnd = line.lastIndexOf(')');
    if (nameEnd < 0) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line (no command name in parentheses): " + line);
    }
    String[] fields = line.substring(nameEnd + 1).trim().split("\\s+");
    if (fields.length < 17 - FIRST_FIELD_AFTER_NAME + 1) {
      throw new IllegalArgumentException("a /proc/<pid>/stat line with " + (fields.length + 2)
          + " fields, fewer than the 17 read: " + line);
    }
    try {
      return new ProcStat(field(fields, 14), field(fields, 15), field(fields, 16), field(fields, 17));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a /proc/<pid>/stat line whose fields 14 to 17 are not all numbers: " + line, e);
    }
  }

  /** {@code number} as proc(5) counts the fields, from 1. */
  private static long field(String[] afterName, int number) {
    return Long.parseLong(afterName[number - FIRST_FIELD_AFTER_NAME]);
  }

  /** User plus system time of the process itself. */
  public long ownTicks() {
    return userTicks + systemTicks;
  }

  /** User plus system time of the children it has reaped (and of theirs that they reaped). */
  public long reapedChildrenTicks() {
    return reapedChildrenUserTicks + reapedChildrenSystemTicks;
  }
}
