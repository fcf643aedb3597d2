package dev.aggregation.apiserver.machinery;

/**
 * One validation failure, as k8s.io/apimachinery's field.Error: {@code field} is the JSON path
 * ({@code spec.referenceType}), {@code type} one of the {@code FieldValue*} reasons.
 */
public record FieldError(Type type, String field, Object badValue, String detail) {
  public enum Type {
    NOT_FOUND("FieldValueNotFound", "Not found"),
    REQUIRED("FieldValueRequired", "Required value"),
    DUPLICATE("FieldValueDuplicate", "Duplicate value"),
    INVALID("FieldValueInvalid", "Invalid value"),
    NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
    FORBIDDEN("FieldValueForbidden", "Forbidden"),
    TOO_LONG("FieldValueTooLong", "Too long"),
    TOO_MANY("FieldValueTooMany", "Too many");

    private final String reason;
    private final String text;

    Type(String reason, String text) {
      this.reason = reason;
      this.text = text;
    }

    public String reason() {
      return reason;
    }

    public String text() {
      return text;
    }
  }

  public static FieldError required(String field, String detail) {
    return new FieldError(Type.REQUIRED, field, null, detail);
  }

  public static FieldError invalid(String field, Object value, String detail) {
    return new FieldError(Type.INVALID, field, value, detail);
  }

  public static FieldError forbidden(String field, String detail) {
    return new FieldError(Type.FORBIDDEN, field, null, detail);
  }

  public static FieldError notSupported(String field, Object value, java.util.List<String> valid) {
    return new FieldError(
        Type.NOT_SUPPORTED,
        field,
        value,
        "supported values: " + String.join(", ", valid.stream().map(v -> "\"" + v + "\"").toList()));
  }

  /** The message Kubernetes prints: {@code spec.x: Invalid value: "v": detail}. */
  public String message() {
    return field + ": " + body();
  }

  /** Go's {@code ErrorBody()}, the message without the field: what a Status cause carries as its message. */
  public String body() {
    StringBuilder sb = new StringBuilder(type.text());
    if (type == Type.INVALID || type == Type.NOT_SUPPORTED || type == Type.DUPLICATE || type == Type.NOT_FOUND) {
      sb.append(": ").append(render(badValue));
    }
    if (detail != null && !detail.isEmpty()) {
      sb.append(": ").append(detail);
    }
    return sb.toString();
  }

  private static String render(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    return String.valueOf(value);
  }
}
