package io.datashard.flink.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.datashard.Table;
import io.datashard.data.Record;
import io.datashard.flink.TableLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinition;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SQL reads through the {@code datashard} connector: options, projection, filter and limit pushdown. */
class DatashardTableSourceTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @TempDir
  static Path dir;

  private static String location;
  private static long firstSnapshot;
  private static TableEnvironment sql;

  /** Three appends of 40 rows; every append writes three files (bucket(id, 3)). */
  @BeforeAll
  static void setUp() {
    location = dir.resolve("events").toString();
    Table table = SourceTestTables.create(location);
    SourceTestTables.append(table, 0, 40);
    firstSnapshot = table.refresh().currentSnapshot().get().snapshotId();
    SourceTestTables.append(table, 40, 80);
    SourceTestTables.append(table, 80, 120);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    sql = StreamTableEnvironment.create(env, EnvironmentSettings.inBatchMode());
    sql.executeSql(ddl("events", ""));
    sql.executeSql(ddl("events_v1", ", 'snapshot-id' = '" + firstSnapshot + "'"));
  }

  private static String ddl(String name, String options) {
    return "CREATE TABLE " + name + " (id BIGINT NOT NULL, name STRING, ts TIMESTAMP(6), amount DECIMAL(10, 2),"
        + " tags ARRAY<STRING>, attrs MAP<STRING, INT>, loc ROW<lat DOUBLE, lon DOUBLE>)"
        + " WITH ('connector' = 'datashard', 'path' = '" + location + "'" + options + ")";
  }

  private static List<Row> query(String query) throws Exception {
    List<Row> rows = new ArrayList<>();
    try (CloseableIterator<Row> iterator = sql.executeSql(query).collect()) {
      iterator.forEachRemaining(rows::add);
    }
    return rows;
  }

  private static List<Record> written(Predicate<Record> filter) {
    List<Record> rows = new ArrayList<>();
    for (Record row : SourceTestTables.rows(0, 120)) {
      if (filter.test(row)) {
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void selectsEveryRowOfTheCurrentAndOfAnOlderSnapshot() throws Exception {
    List<String> rows = new ArrayList<>();
    query("SELECT * FROM events").forEach(row -> rows.add(Renders.row(row)));
    assertThat(rows).containsExactlyInAnyOrderElementsOf(Renders.records(SourceTestTables.rows(0, 120)));
    assertThat(query("SELECT id FROM events_v1")).hasSize(40);
  }

  @Test
  void projectionAndFiltersArePushedAndCorrect() throws Exception {
    String query = "SELECT name, id FROM events WHERE id >= 60 AND (name LIKE 'name-7%' OR name IS NULL)"
        + " AND id <> 77 AND id IN (70, 71, 77, 84, 91, 100, 105, 112, 5)";
    String plan = sql.explainSql(query);
    assertThat(plan).contains("project=[id, name]").contains("filter=[and(").contains("LIKE(name");
    List<String> rows = new ArrayList<>();
    query(query).forEach(row -> rows.add(row.getField(0) + "/" + row.getField(1)));
    List<String> expected = new ArrayList<>();
    List<Long> in = List.of(70L, 71L, 77L, 84L, 91L, 100L, 105L, 112L, 5L);
    for (Record row : written(r -> {
      long id = (Long) r.get("id");
      String name = (String) r.get("name");
      return id >= 60 && (name == null || name.startsWith("name-7")) && id != 77 && in.contains(id);
    })) {
      expected.add(row.get("name") + "/" + row.get("id"));
    }
    assertThat(expected).isNotEmpty();
    assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void limitIsPushedAndHonored() throws Exception {
    String query = "SELECT id FROM events LIMIT 7";
    assertThat(sql.explainSql(query)).contains("limit=[7]");
    List<Row> rows = query(query);
    assertThat(rows).hasSize(7);
    assertThat(rows).allSatisfy(row -> assertThat((Long) row.getField(0)).isBetween(0L, 119L));
  }

  @Test
  void pushedFiltersPruneFiles() {
    ResolvedSchema schema = ResolvedSchema.of(Column.physical("id", DataTypes.BIGINT().notNull()),
        Column.physical("name", DataTypes.STRING()));
    DatashardTableSource source = new DatashardTableSource(TableLoader.forLocation(location, Map.of()), schema,
        new Configuration());
    FieldReferenceExpression id = new FieldReferenceExpression("id", DataTypes.BIGINT().notNull(), 0, 0);
    FieldReferenceExpression name = new FieldReferenceExpression("name", DataTypes.STRING(), 0, 1);
    ResolvedExpression idFilter = call(BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL, id, new ValueLiteralExpression(85L));
    ResolvedExpression reversed = call(BuiltInFunctionDefinitions.LESS_THAN, new ValueLiteralExpression(80L), id);
    ResolvedExpression unsupported = call(BuiltInFunctionDefinitions.LIKE, name, new ValueLiteralExpression("%x"));
    var result = source.applyFilters(List.of(idFilter, reversed, unsupported));
    assertThat(result.getAcceptedFilters()).containsExactly(idFilter, reversed);
    assertThat(result.getRemainingFilters()).containsExactly(idFilter, reversed, unsupported);
    assertThat(source.pushedFilters()).hasSize(2);

    long filteredFiles = files(source.source());
    long allFiles = files(new DatashardTableSource(TableLoader.forLocation(location, Map.of()), schema,
        new Configuration()).source());
    assertThat(allFiles).isEqualTo(9);
    assertThat(filteredFiles).isEqualTo(3);
  }

  private static ResolvedExpression call(BuiltInFunctionDefinition function, ResolvedExpression... args) {
    return CallExpression.permanent(function, List.of(args), DataTypes.BOOLEAN());
  }

  private static long files(DatashardSource source) {
    Table table = source.loader().load();
    return new SplitPlanner(table, source.scanContext()).planBounded(0).stream()
        .mapToLong(split -> split.tasks().size()).sum();
  }
}
