package dev.aggregation.apiserver.machinery.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A parsed {@code fieldSelector} with Kubernetes' grammar and messages (k8s.io/apimachinery/pkg/fields): terms
 * {@code f=v}, {@code f==v}, {@code f!=v} joined by commas (AND); in values {@code \,}, {@code \=} and {@code \\}
 * are escapes. Which fields a kind supports is the engine's business; {@link #unknownField} gives the error
 * kube-apiserver answers for the rest. Hand-written: no Java library parses this syntax.
 */
public final class FieldSelector {
  public static final String METADATA_NAME = "metadata.name";
  public static final String METADATA_NAMESPACE = "metadata.namespace";

  private static final FieldSelector EVERYTHING = new FieldSelector(List.of());
  /** Checked in this order so that "==" and "!=" are not read as "=" followed by a value starting with "=". */
  private static final List<String> OPERATORS = List.of("!=", "==", "=");

  private final List<FieldRequirement> requirements;

  private FieldSelector(List<FieldRequirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  public static FieldSelector everything() {
    return EVERYTHING;
  }

  /**
   * Parses like fields.ParseSelector: terms sorted, empty terms skipped.
   *
   * @throws SelectorParseException with Kubernetes' message; the engine answers 400 BadRequest with it
   */
  public static FieldSelector parse(String selector) {
    if (selector == null || selector.isEmpty()) {
      return EVERYTHING;
    }
    List<String> terms = splitTerms(selector);
    terms.sort(null);
    List<FieldRequirement> parsed = new ArrayList<>();
    for (String term : terms) {
      if (term.isEmpty()) {
        continue;
      }
      parsed.add(parseTerm(selector, term));
    }
    return parsed.isEmpty() ? EVERYTHING : new FieldSelector(parsed);
  }

  /** Splits on commas that are not escaped; the escapes stay in the terms. */
  private static List<String> splitTerms(String selector) {
    List<String> terms = new ArrayList<>();
    int start = 0;
    boolean inSlash = false;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (inSlash) {
        inSlash = false;
      } else if (c == '\\') {
        inSlash = true;
      } else if (c == ',') {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }

  /** The field name has no escaping: the first operator found splits the term. */
  private static FieldRequirement parseTerm(String selector, String term) {
    for (int i = 0; i < term.length(); i++) {
      for (String op : OPERATORS) {
        if (term.startsWith(op, i)) {
          String field = term.substring(0, i);
          String value = unescapeValue(term.substring(i + op.length()));
          return new FieldRequirement(field, op.equals("!=") ? Operator.NOT_EQUALS : Operator.EQUALS, value);
        }
      }
    }
    throw new SelectorParseException("invalid selector: '" + selector + "'; can't understand '" + term + "'");
  }

  /** fields.UnescapeValue, including its messages (an unescaped character is printed as its code point). */
  static String unescapeValue(String s) {
    if (s.indexOf('\\') < 0 && s.indexOf(',') < 0 && s.indexOf('=') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    boolean inSlash = false;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (inSlash) {
        if (c != '\\' && c != ',' && c != '=') {
          throw new SelectorParseException(
              "invalid field selector: invalid escape sequence: \\" + new String(Character.toChars(c)));
        }
        out.appendCodePoint(c);
        inSlash = false;
        continue;
      }
      switch (c) {
        case '\\' -> inSlash = true;
        case ',', '=' -> throw new SelectorParseException(
            "invalid field selector: unescaped character in value: " + c);
        default -> out.appendCodePoint(c);
      }
    }
    if (inSlash) {
      throw new SelectorParseException("invalid field selector: invalid escape sequence: \\");
    }
    return out.toString();
  }

  /** fields.EscapeValue: the literal value as it must be written in a selector. */
  public static String escapeValue(String value) {
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
  }

  /**
   * The 400 kube-apiserver gives for a field its kind cannot select on, with the default field set:
   * {@code "spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"}.
   */
  public static SelectorParseException unknownField(String field) {
    return new SelectorParseException(
        "\"" + field + "\" is not a known field selector: only \"" + METADATA_NAME + "\", \"" + METADATA_NAMESPACE
            + "\"");
  }

  public List<FieldRequirement> requirements() {
    return requirements;
  }

  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  /** True when every term holds; {@code fields} reads a field's value (null when the object has none). */
  public boolean matches(Function<String, String> fields) {
    return requirements.stream().allMatch(r -> r.matches(fields.apply(r.field())));
  }

  /** The value {@code field} must equal, from the first {@code field=value} term; empty otherwise. */
  public Optional<String> requiresExactMatch(String field) {
    return requirements.stream()
        .filter(r -> r.operator() == Operator.EQUALS && r.field().equals(field))
        .map(FieldRequirement::value)
        .findFirst();
  }

  /**
   * The name a {@code metadata.name=x} term pins the request to; kube-apiserver authorizes and watches a single
   * object with it.
   */
  public Optional<String> requiredName() {
    return requiresExactMatch(METADATA_NAME);
  }

  @Override
  public String toString() {
    return requirements.stream().map(FieldRequirement::toString).collect(Collectors.joining(","));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSelector other && requirements.equals(other.requirements);
  }

  @Override
  public int hashCode() {
    return requirements.hashCode();
  }
}
