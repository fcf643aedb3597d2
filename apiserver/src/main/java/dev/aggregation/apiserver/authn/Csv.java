package dev.aggregation.apiserver.authn;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records as Go's encoding/csv reads a token file (with {@code TrimLeadingSpace}): quoted fields may
 * hold commas, {@code ""} is a quote, blank lines are skipped. Hand-written because the project carries no CSV
 * library and this is the only CSV it reads.
 */
final class Csv {
  private Csv() {}

  static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int line = 1;
    int i = 0;
    boolean atFieldStart = true;
    boolean recordHasContent = false;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (atFieldStart && (c == ' ' || c == '\t')) {
        i++;
        continue;
      }
      if (atFieldStart && c == '"') {
        i++;
        int startLine = line;
        while (true) {
          if (i >= text.length()) {
            throw new IllegalArgumentException("line " + startLine + ": extraneous or missing \" in quoted-field");
          }
          char q = text.charAt(i);
          if (q == '"') {
            if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (q == '\n') {
            line++;
          }
          field.append(q);
          i++;
        }
        recordHasContent = true;
        atFieldStart = false;
        if (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
          throw new IllegalArgumentException("line " + line + ": extraneous or missing \" in quoted-field");
        }
        continue;
      }
      if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        atFieldStart = true;
        recordHasContent = true;
        i++;
        continue;
      }
      if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        i++;
        continue;
      }
      if (c == '\n') {
        if (recordHasContent || field.length() > 0) {
          record.add(field.toString());
          records.add(record);
        }
        record = new ArrayList<>();
        field.setLength(0);
        atFieldStart = true;
        recordHasContent = false;
        line++;
        i++;
        continue;
      }
      if (c == '"') {
        throw new IllegalArgumentException("line " + line + ": bare \" in non-quoted-field");
      }
      field.append(c);
      atFieldStart = false;
      recordHasContent = true;
      i++;
    }
    if (recordHasContent || field.length() > 0) {
      record.add(field.toString());
      records.add(record);
    }
    return records;
  }
}
