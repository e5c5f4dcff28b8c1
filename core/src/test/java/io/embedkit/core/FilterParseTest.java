package io.embedkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text syntax of filters (Spring AI's filter expression grammar) and the conversions of values. */
class FilterParseTest {
  @Test
  void comparisonsBecomeTheRecordsTheFactoriesBuild() {
    assertThat(Filter.parse("lang == 'en'")).isEqualTo(Filter.eq("lang", "en"));
    assertThat(Filter.parse("lang != \"en\"")).isEqualTo(Filter.ne("lang", "en"));
    assertThat(Filter.parse("year >= 2020")).isEqualTo(Filter.gte("year", 2020L));
    assertThat(Filter.parse("year>2020")).isEqualTo(Filter.gt("year", 2020L));
    assertThat(Filter.parse("score < -0.5")).isEqualTo(Filter.lt("score", -0.5));
    assertThat(Filter.parse("score <= 1e3")).isEqualTo(Filter.lte("score", 1000.0));
    assertThat(Filter.parse("draft == false")).isEqualTo(Filter.eq("draft", false));
    assertThat(Filter.parse("lang IN ['en', 'de']")).isEqualTo(Filter.in("lang", List.of("en", "de")));
    assertThat(Filter.parse("year nin [2019, 2020]")).isEqualTo(Filter.notIn("year", List.of(2019L, 2020L)));
    assertThat(Filter.parse("year NOT IN [2019]")).isEqualTo(Filter.notIn("year", List.of(2019L)));
    assertThat(Filter.parse("'odd key' == 'it\\'s'")).isEqualTo(Filter.eq("odd key", "it's"));
    assertThat(Filter.parse("meta.author_id == 7")).isEqualTo(Filter.eq("meta.author_id", 7L));
  }

  @Test
  void andBindsTighterThanOrAndNotNegatesWhatFollows() {
    Filter a = Filter.eq("a", 1L);
    Filter b = Filter.eq("b", 2L);
    Filter c = Filter.eq("c", 3L);
    assertThat(Filter.parse("a == 1 || b == 2 && c == 3")).isEqualTo(a.or(b.and(c)));
    assertThat(Filter.parse("(a == 1 OR b == 2) AND c == 3")).isEqualTo(a.or(b).and(c));
    assertThat(Filter.parse("NOT a == 1 && b == 2")).isEqualTo(a.negate().and(b));
    assertThat(Filter.parse("!(a == 1 and b == 2)")).isEqualTo(a.and(b).negate());
    assertThat(Filter.parse("notes == 'x'")).as("a key may begin with a keyword").isEqualTo(Filter.eq("notes", "x"));
  }

  @Test
  void mistakesAreNamedWithTheirPosition() {
    assertThatThrownBy(() -> Filter.parse("lang = 'en'")).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("filter expression at 6: expected an operator");
    assertThatThrownBy(() -> Filter.parse("lang == 'en")).hasMessageContaining("string not closed");
    assertThatThrownBy(() -> Filter.parse("(a == 1")).hasMessageContaining("expected ')'");
    assertThatThrownBy(() -> Filter.parse("a == 1 b == 2")).hasMessageContaining("at 8: unexpected 'b'");
    assertThatThrownBy(() -> Filter.parse("a IN []")).hasMessageContaining("expected a value");
    assertThatThrownBy(() -> Filter.parse("a > true")).hasMessageContaining("booleans compare only with == and !=");
    assertThatThrownBy(() -> Filter.parse(" ")).hasMessage("filter expression is empty");
    assertThatThrownBy(() -> Filter.parse("a == x")).hasMessageContaining("expected a value");
  }

  @Test
  void valuesAreConvertedToTheFourTypes() {
    Map<String, Object> m = Metadata.of("id", Map.of("i", 1, "s", (short) 2, "f", 0.1f, "d", 0.1, "u",
        java.util.UUID.fromString("00000000-0000-0000-0000-00000000000a"), "b", true, "t", "x"));
    assertThat(m).containsEntry("i", 1L).containsEntry("s", 2L).containsEntry("f", (double) 0.1f)
        .containsEntry("d", 0.1).containsEntry("u", "00000000-0000-0000-0000-00000000000a")
        .containsEntry("b", true).containsEntry("t", "x");
    assertThatThrownBy(() -> Metadata.of("id", Map.of("big", new java.math.BigDecimal("1"))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'big' is a java.math.BigDecimal");
    assertThatThrownBy(() -> Metadata.of("id", Map.of("x", Double.POSITIVE_INFINITY)))
        .hasMessageContaining("must be finite");
    assertThat(Metadata.same(3L, 3.0)).isTrue();
    assertThat(Metadata.same(Long.MAX_VALUE, (double) Long.MAX_VALUE)).as("compared exactly, not in doubles")
        .isFalse();
    assertThat(Metadata.compare("a", 1L)).isNull();
    assertThat(Metadata.number("2021")).isEqualTo(2021L);
    assertThat(Metadata.number("2021.0")).isEqualTo(2021.0);
    assertThat(Metadata.number("1e3")).isEqualTo(1000.0);
    assertThat(Metadata.number("99999999999999999999")).isEqualTo(1e20);
    assertThat(Filter.eq("f", 1.23f).accept("x", Metadata.of("x", Map.of("f", 1.23f)))).isTrue();
  }
}
