package dev.aggregation.apiserver.machinery.selection;

import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.machinery.validation.NameRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The recursive-descent parser of k8s.io/apimachinery/pkg/labels (Lexer + Parser), reproduced token for token so
 * that every accepted string and every error message is the same as kube-apiserver's. One instance parses one
 * string.
 */
final class LabelSelectorParser {
  private enum Token {
    ERROR, END_OF_STRING, CLOSED_PAR, COMMA, DOES_NOT_EXIST, DOUBLE_EQUALS, EQUALS, GREATER_THAN, IDENTIFIER, IN,
    LESS_THAN, NOT_EQUALS, NOT_IN, OPEN_PAR
  }

  private record Scanned(Token token, String literal) {}

  /** Contexts in which "in"/"notin" are operators (KEY_AND_OPERATOR) or plain identifiers (VALUES). */
  private enum Context {
    KEY_AND_OPERATOR,
    VALUES
  }

  private static final Map<String, Token> LITERALS =
      Map.ofEntries(
          Map.entry(")", Token.CLOSED_PAR),
          Map.entry(",", Token.COMMA),
          Map.entry("!", Token.DOES_NOT_EXIST),
          Map.entry("==", Token.DOUBLE_EQUALS),
          Map.entry("=", Token.EQUALS),
          Map.entry(">", Token.GREATER_THAN),
          Map.entry("in", Token.IN),
          Map.entry("<", Token.LESS_THAN),
          Map.entry("!=", Token.NOT_EQUALS),
          Map.entry("notin", Token.NOT_IN),
          Map.entry("(", Token.OPEN_PAR));

  /** binaryOperators joined, as printed in "expected:" messages. */
  private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

  private final String input;
  private int lexPosition;
  private final List<Scanned> items = new ArrayList<>();
  private int position;

  private LabelSelectorParser(String input) {
    this.input = input;
  }

  static List<LabelRequirement> parse(String selector) {
    return new LabelSelectorParser(selector).parse();
  }

  // ---- lexer ----

  /** The next character, or 0 at the end; like Go's lexer, a NUL in the input also ends the string. */
  private char read() {
    char c = 0;
    if (lexPosition < input.length()) {
      c = input.charAt(lexPosition);
      lexPosition++;
    }
    return c;
  }

  private void unread() {
    lexPosition--;
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isSpecialSymbol(char c) {
    return switch (c) {
      case '=', '!', '(', ')', ',', '>', '<' -> true;
      default -> false;
    };
  }

  private Scanned lex() {
    char c = read();
    while (isWhitespace(c)) {
      c = read();
    }
    if (c == 0) {
      return new Scanned(Token.END_OF_STRING, "");
    }
    unread();
    return isSpecialSymbol(c) ? scanSpecialSymbol() : scanIdOrKeyword();
  }

  private Scanned scanIdOrKeyword() {
    StringBuilder buffer = new StringBuilder();
    while (true) {
      char c = read();
      if (c == 0) {
        break;
      }
      if (isSpecialSymbol(c) || isWhitespace(c)) {
        unread();
        break;
      }
      buffer.append(c);
    }
    String s = buffer.toString();
    Token keyword = LITERALS.get(s);
    return keyword != null ? new Scanned(keyword, s) : new Scanned(Token.IDENTIFIER, s);
  }

  /** The longest operator made of special symbols: "!=" rather than "!", "==" rather than "=". */
  private Scanned scanSpecialSymbol() {
    Scanned last = null;
    StringBuilder buffer = new StringBuilder();
    while (true) {
      char c = read();
      if (c == 0) {
        break;
      }
      if (!isSpecialSymbol(c)) {
        unread();
        break;
      }
      buffer.append(c);
      Token token = LITERALS.get(buffer.toString());
      if (token != null) {
        last = new Scanned(token, buffer.toString());
      } else if (last != null) {
        unread();
        break;
      }
    }
    if (last == null) {
      return new Scanned(Token.ERROR, "error expected: keyword found '" + buffer + "'");
    }
    return last;
  }

  // ---- parser ----

  private void scan() {
    while (true) {
      Scanned s = lex();
      items.add(s);
      if (s.token() == Token.END_OF_STRING) {
        return;
      }
    }
  }

  private Scanned lookahead(Context context) {
    return inContext(items.get(position), context);
  }

  private Scanned consume(Context context) {
    Scanned s = items.get(position);
    position++;
    return inContext(s, context);
  }

  private static Scanned inContext(Scanned s, Context context) {
    if (context == Context.VALUES && (s.token() == Token.IN || s.token() == Token.NOT_IN)) {
      return new Scanned(Token.IDENTIFIER, s.literal());
    }
    return s;
  }

  private List<LabelRequirement> parse() {
    scan();
    List<LabelRequirement> requirements = new ArrayList<>();
    while (true) {
      Scanned next = lookahead(Context.VALUES);
      switch (next.token()) {
        case IDENTIFIER, DOES_NOT_EXIST -> {
          try {
            requirements.add(parseRequirement());
          } catch (SelectorParseException e) {
            throw new SelectorParseException("unable to parse requirement: " + e.getMessage());
          }
          Scanned after = consume(Context.VALUES);
          switch (after.token()) {
            case END_OF_STRING -> {
              return requirements;
            }
            case COMMA -> {
              Scanned t2 = lookahead(Context.VALUES);
              if (t2.token() != Token.IDENTIFIER && t2.token() != Token.DOES_NOT_EXIST) {
                throw new SelectorParseException(
                    "found '" + t2.literal() + "', expected: identifier after ','");
              }
            }
            default -> throw new SelectorParseException(
                "found '" + after.literal() + "', expected: ',' or 'end of string'");
          }
        }
        case END_OF_STRING -> {
          return requirements;
        }
        default -> throw new SelectorParseException(
            "found '" + next.literal() + "', expected: !, identifier, or 'end of string'");
      }
    }
  }

  private LabelRequirement parseRequirement() {
    Scanned first = consume(Context.VALUES);
    Operator operator = null;
    if (first.token() == Token.DOES_NOT_EXIST) {
      operator = Operator.DOES_NOT_EXIST;
      first = consume(Context.VALUES);
    }
    if (first.token() != Token.IDENTIFIER) {
      throw new SelectorParseException("found '" + first.literal() + "', expected: identifier");
    }
    String key = first.literal();
    List<String> keyProblems = NameRules.isQualifiedName(key);
    if (!keyProblems.isEmpty()) {
      // The parser validates the key against a nil field path, which Go prints as "<nil>".
      throw new SelectorParseException(FieldError.invalid("<nil>", key, String.join("; ", keyProblems)).message());
    }
    Token following = lookahead(Context.VALUES).token();
    if ((following == Token.END_OF_STRING || following == Token.COMMA) && operator != Operator.DOES_NOT_EXIST) {
      operator = Operator.EXISTS;
    }
    if (operator == Operator.EXISTS || operator == Operator.DOES_NOT_EXIST) {
      return LabelRequirement.of(key, operator, List.of());
    }
    operator = parseOperator();
    TreeSet<String> values =
        switch (operator) {
          case IN, NOT_IN -> parseValues();
          default -> parseExactValue();
        };
    return LabelRequirement.of(key, operator, List.copyOf(values));
  }

  private Operator parseOperator() {
    Scanned s = consume(Context.KEY_AND_OPERATOR);
    return switch (s.token()) {
      case IN -> Operator.IN;
      case EQUALS -> Operator.EQUALS;
      case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
      case GREATER_THAN -> Operator.GREATER_THAN;
      case LESS_THAN -> Operator.LESS_THAN;
      case NOT_IN -> Operator.NOT_IN;
      case NOT_EQUALS -> Operator.NOT_EQUALS;
      default -> throw new SelectorParseException(
          "found '" + s.literal() + "', expected: " + BINARY_OPERATORS);
    };
  }

  private TreeSet<String> parseValues() {
    Scanned open = consume(Context.VALUES);
    if (open.token() != Token.OPEN_PAR) {
      throw new SelectorParseException("found '" + open.literal() + "' expected: '('");
    }
    Scanned next = lookahead(Context.VALUES);
    switch (next.token()) {
      case IDENTIFIER, COMMA -> {
        TreeSet<String> values = parseIdentifiersList();
        if (consume(Context.VALUES).token() != Token.CLOSED_PAR) {
          throw new SelectorParseException("found '" + next.literal() + "', expected: ')'");
        }
        return values;
      }
      case CLOSED_PAR -> {
        consume(Context.VALUES);
        return new TreeSet<>(List.of(""));
      }
      default -> throw new SelectorParseException(
          "found '" + next.literal() + "', expected: ',', ')' or identifier");
    }
  }

  /** A comma-separated list in which empty entries are the empty value: "(,a)" is {"", "a"}. */
  private TreeSet<String> parseIdentifiersList() {
    TreeSet<String> values = new TreeSet<>();
    while (true) {
      Scanned s = consume(Context.VALUES);
      switch (s.token()) {
        case IDENTIFIER -> {
          values.add(s.literal());
          Scanned t2 = lookahead(Context.VALUES);
          switch (t2.token()) {
            case COMMA -> {}
            case CLOSED_PAR -> {
              return values;
            }
            default -> throw new SelectorParseException(
                "found '" + t2.literal() + "', expected: ',' or ')'");
          }
        }
        case COMMA -> {
          if (values.isEmpty()) {
            values.add("");
          }
          Token t2 = lookahead(Context.VALUES).token();
          if (t2 == Token.CLOSED_PAR) {
            values.add("");
            return values;
          }
          if (t2 == Token.COMMA) {
            consume(Context.VALUES);
            values.add("");
          }
        }
        default -> throw new SelectorParseException(
            "found '" + s.literal() + "', expected: ',', or identifier");
      }
    }
  }

  private TreeSet<String> parseExactValue() {
    Token next = lookahead(Context.VALUES).token();
    if (next == Token.END_OF_STRING || next == Token.COMMA) {
      return new TreeSet<>(List.of(""));
    }
    Scanned s = consume(Context.VALUES);
    if (s.token() == Token.IDENTIFIER) {
      return new TreeSet<>(List.of(s.literal()));
    }
    throw new SelectorParseException("found '" + s.literal() + "', expected: identifier");
  }
}
