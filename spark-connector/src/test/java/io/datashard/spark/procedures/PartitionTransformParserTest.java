package io.datashard.spark.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PartitionTransformParserTest {
  private static String parsed(String text) {
    PartitionTransformParser.Parsed result = PartitionTransformParser.parse(text);
    return result.transform() + "(" + result.sourceColumn() + ")";
  }

  @Test
  void parsesSparkSpellings() {
    assertThat(parsed("category")).isEqualTo("identity(category)");
    assertThat(parsed("`nested.col`")).isEqualTo("identity(nested.col)");
    assertThat(parsed("identity(category)")).isEqualTo("identity(category)");
    assertThat(parsed("bucket(16, id)")).isEqualTo("bucket[16](id)");
    assertThat(parsed(" bucket( id , 16 ) ")).isEqualTo("bucket[16](id)");
    assertThat(parsed("truncate(name, 4)")).isEqualTo("truncate[4](name)");
    assertThat(parsed("truncate(4, name)")).isEqualTo("truncate[4](name)");
    assertThat(parsed("days(ts)")).isEqualTo("day(ts)");
    assertThat(parsed("HOURS(ts)")).isEqualTo("hour(ts)");
    assertThat(parsed("months(ts)")).isEqualTo("month(ts)");
    assertThat(parsed("year(ts)")).isEqualTo("year(ts)");
  }

  @Test
  void rejectsBadTransforms() {
    assertThatThrownBy(() -> PartitionTransformParser.parse("bucket(id)")).hasMessageContaining("bucket(id)");
    assertThatThrownBy(() -> PartitionTransformParser.parse("bucket(0, id)")).hasMessageContaining("positive");
    assertThatThrownBy(() -> PartitionTransformParser.parse("bucket(a, b)")).hasMessageContaining("one number");
    assertThatThrownBy(() -> PartitionTransformParser.parse("days(ts, 3)")).hasMessageContaining("one column");
    assertThatThrownBy(() -> PartitionTransformParser.parse("zorder(a)")).hasMessageContaining("unknown transform 'zorder'");
    assertThatThrownBy(() -> PartitionTransformParser.parse("a + b")).hasMessageContaining("a + b");
  }
}
