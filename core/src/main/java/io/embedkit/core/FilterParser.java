package io.embedkit.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads {@link Filter#parse}'s text: a recursive descent over the expression, reporting positions. */
final class FilterParser {
  private final String text;
  private int pos;

  private FilterParser(String text) {
    this.text = text;
  }

  static Filter parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException("filter expression is empty");
    }
    FilterParser p = new FilterParser(text);
    Filter f = p.or();
    p.skipSpace();
    if (p.pos < text.length()) {
      throw p.error("unexpected '" + text.charAt(p.pos) + "'");
    }
    return f;
  }

  private Filter or() {
    Filter f = and();
    while (symbol("||") || keyword("OR")) {
      f = f.or(and());
    }
    return f;
  }

  private Filter and() {
    Filter f = unary();
    while (symbol("&&") || keyword("AND")) {
      f = f.and(unary());
    }
    return f;
  }

  private Filter unary() {
    if (keyword("NOT") || (!peek("!=") && symbol("!"))) {
      return unary().negate();
    }
    if (symbol("(")) {
      Filter f = or();
      expect(")");
      return f;
    }
    return comparison();
  }

  private Filter comparison() {
    skipSpace();
    int at = pos;
    String key = key();
    if (keyword("IN")) {
      return Filter.in(key, list());
    }
    if (keyword("NIN")) {
      return Filter.notIn(key, list());
    }
    if (keyword("NOT")) {
      if (!keyword("IN")) {
        throw error("expected IN after NOT");
      }
      return Filter.notIn(key, list());
    }
    for (String op : new String[] {"==", "!=", ">=", "<=", ">", "<"}) {
      if (symbol(op)) {
        Object v = value();
        try {
          switch (op) {
            case "==":
              return Filter.eq(key, v);
            case "!=":
              return Filter.ne(key, v);
            case ">=":
              return Filter.gte(key, v);
            case "<=":
              return Filter.lte(key, v);
            case ">":
              return Filter.gt(key, v);
            default:
              return Filter.lt(key, v);
          }
        } catch (InvalidInputException e) {
          throw new InvalidInputException("filter expression at " + (at + 1) + ": " + e.getMessage(), e);
        }
      }
    }
    throw error("expected an operator (==, !=, >, >=, <, <=, IN, NIN) after '" + key + "'");
  }

  private List<Object> list() {
    expect("[");
    List<Object> values = new ArrayList<>();
    do {
      values.add(value());
    } while (symbol(","));
    expect("]");
    return values;
  }

  private String key() {
    skipSpace();
    if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
      return quoted();
    }
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || "_.-".indexOf(text.charAt(pos)) >= 0)) {
      pos++;
    }
    if (start == pos) {
      throw error(pos < text.length() ? "expected a metadata key, found '" + text.charAt(pos) + "'"
          : "expected a metadata key at the end");
    }
    return text.substring(start, pos);
  }

  private Object value() {
    skipSpace();
    if (pos >= text.length()) {
      throw error("expected a value at the end");
    }
    char c = text.charAt(pos);
    if (c == '\'' || c == '"') {
      return quoted();
    }
    if (keyword("true")) {
      return Boolean.TRUE;
    }
    if (keyword("false")) {
      return Boolean.FALSE;
    }
    int start = pos;
    if (c == '-' || c == '+') {
      pos++;
    }
    boolean decimal = false;
    while (pos < text.length()) {
      char d = text.charAt(pos);
      if (Character.isDigit(d)) {
        pos++;
      } else if (d == '.' || d == 'e' || d == 'E'
          || ((d == '-' || d == '+') && (text.charAt(pos - 1) == 'e' || text.charAt(pos - 1) == 'E'))) {
        decimal = true;
        pos++;
      } else {
        break;
      }
    }
    String number = text.substring(start, pos);
    try {
      return decimal ? (Object) Double.parseDouble(number) : (Object) Long.parseLong(number);
    } catch (NumberFormatException e) {
      pos = start;
      throw error("expected a value (a quoted string, a number, true or false)");
    }
  }

  private String quoted() {
    char quote = text.charAt(pos++);
    StringBuilder b = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return b.toString();
      }
      if (c == '\\' && pos < text.length()) {
        c = text.charAt(pos++);
      }
      b.append(c);
    }
    throw error("string not closed by " + quote);
  }

  private boolean symbol(String s) {
    skipSpace();
    if (text.startsWith(s, pos)) {
      pos += s.length();
      return true;
    }
    return false;
  }

  private boolean peek(String s) {
    skipSpace();
    return text.startsWith(s, pos);
  }

  /** A keyword, case-insensitive, not followed by a letter, digit or underscore. */
  private boolean keyword(String word) {
    skipSpace();
    int end = pos + word.length();
    if (end <= text.length() && text.substring(pos, end).toUpperCase(Locale.ROOT).equals(
        word.toUpperCase(Locale.ROOT)) && (end == text.length() || !(Character.isLetterOrDigit(text.charAt(end))
        || text.charAt(end) == '_'))) {
      pos = end;
      return true;
    }
    return false;
  }

  private void expect(String s) {
    if (!symbol(s)) {
      throw error("expected '" + s + "'");
    }
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private InvalidInputException error(String what) {
    return new InvalidInputException("filter expression at " + (pos + 1) + ": " + what + " in: " + text);
  }
}
