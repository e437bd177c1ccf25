package io.datashard.spark.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.junit.jupiter.api.Test;

/** {@code _file_id}: a file's id from its location, and how row-level operations map ids back to files. */
class SparkFileIdsTest {
  private static final String A = "s3://bucket/db/t/data/00000-0-aaaa.parquet";
  private static final String B = "s3://bucket/db/t/data/00001-0-bbbb.parquet";
  private static final String C = "/warehouse/db/t/data/category=a/00002-1-cccc.parquet";

  @Test
  void idIsTheFirstEightBytesOfTheLocationsSha256() {
    // SHA-256("a") = ca978112ca1bbdca fac231b3...
    assertThat(SparkFileIds.of("a")).isEqualTo(0xca978112ca1bbdcaL);
    assertThat(SparkFileIds.of(A)).isEqualTo(SparkFileIds.of(new String(A.toCharArray())));
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(SparkFileIds.of("/warehouse/db/t/data/" + i + ".parquet"));
    }
    assertThat(ids).hasSize(10_000);
  }

  @Test
  void indexMapsIdsToFilesAndRefusesTwoLocationsWithOneId() {
    HashMap<Long, String> byId = SparkFileIds.index(List.of(A, B, C, A), Function.identity(), "test");
    assertThat(byId).hasSize(3).containsEntry(SparkFileIds.of(A), A).containsEntry(SparkFileIds.of(C), C);

    assertThatThrownBy(() -> SparkFileIds.index(List.of(A, B), Function.identity(), location -> 7L,
        "merge-on-read MERGE on db.t"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("merge-on-read MERGE on db.t")
        .hasMessageContaining(A)
        .hasMessageContaining(B)
        .hasMessageContaining("rewrite_data_files");
  }

  @Test
  void copyOnWriteRuntimeFilterKeepsThePlannedFilesWhoseIdsItNames() {
    Set<String> planned = Set.of(A, B, C);
    assertThat(SparkCopyOnWriteFiles.locations(new Predicate[] {in("_file_id", SparkFileIds.of(B))}, planned))
        .contains(Set.of(B));
    // ids of files this scan did not plan (the finding scan may plan other files) select nothing extra
    assertThat(SparkCopyOnWriteFiles.locations(
        new Predicate[] {in("_file_id", SparkFileIds.of(C), SparkFileIds.of("/elsewhere.parquet"))}, planned))
        .contains(Set.of(C));
    // no matching row at all: no file to rewrite
    assertThat(SparkCopyOnWriteFiles.locations(new Predicate[] {in("_file_id")}, planned)).contains(Set.of());
    assertThat(SparkCopyOnWriteFiles.locations(new Predicate[] {in("_file", A)}, planned)).contains(Set.of(A));
    // predicates on other columns do not narrow files
    assertThat(SparkCopyOnWriteFiles.locations(new Predicate[] {in("id", 3L)}, planned)).isEmpty();
  }

  private static Predicate in(String column, Object... values) {
    Expression[] children = new Expression[values.length + 1];
    children[0] = Expressions.column(column);
    for (int i = 0; i < values.length; i++) {
      children[i + 1] = Expressions.literal(values[i]);
    }
    return new Predicate("IN", children);
  }
}
