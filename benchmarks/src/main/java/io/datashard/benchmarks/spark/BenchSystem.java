package io.datashard.benchmarks.spark;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * One storage system of the benchmark and how Spark writes and reads a table of it, each the way its
 * users normally do: plain Parquet through {@code format("parquet")} on a folder; Apache Iceberg and
 * Datashard through DataFrameWriterV2 ({@code writeTo}) on their Spark catalogs over a warehouse folder,
 * or, for Datashard with {@code --datashard-access path}, through {@code format("datashard")} on a
 * folder. Table properties are left at each system's defaults except the format version (2 for both
 * table formats).
 */
abstract class BenchSystem {
  static final String NAMESPACE = "bench";

  private final String name;

  BenchSystem(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  /** Creates table {@code table} from {@code rows}, identity-partitioned by category when {@code partitioned}. */
  abstract void create(String table, Dataset<Row> rows, boolean partitioned);

  /** Appends {@code rows} to the existing table {@code table}. */
  abstract void append(String table, Dataset<Row> rows);

  /** A fresh DataFrame over table {@code table} (planned anew each time). */
  abstract Dataset<Row> read(String table);

  /** Spark session settings this system needs (catalogs), applied before the session starts. */
  void configure(SparkSession.Builder builder) {
  }

  /** Where the system keeps table {@code table}, so the benchmark can delete it. */
  abstract Path location(String table);

  static BenchSystem parquet(Path root) {
    return new BenchSystem("parquet") {
      @Override
      void create(String table, Dataset<Row> rows, boolean partitioned) {
        var writer = rows.write().mode(SaveMode.ErrorIfExists);
        if (partitioned) {
          writer = writer.partitionBy("category");
        }
        writer.parquet(location(table).toString());
      }

      @Override
      void append(String table, Dataset<Row> rows) {
        rows.write().mode(SaveMode.Append).parquet(location(table).toString());
      }

      @Override
      Dataset<Row> read(String table) {
        return SparkSession.active().read().parquet(location(table).toString());
      }

      @Override
      Path location(String table) {
        return root.resolve(table);
      }
    };
  }

  /** Iceberg or Datashard through a Spark catalog named {@code catalog} over the warehouse {@code root}. */
  static BenchSystem catalog(String name, String catalog, String catalogClass, String type, Path root) {
    return new BenchSystem(name) {
      @Override
      void configure(SparkSession.Builder builder) {
        builder.config("spark.sql.catalog." + catalog, catalogClass)
            .config("spark.sql.catalog." + catalog + ".type", type)
            .config("spark.sql.catalog." + catalog + ".warehouse", root.toUri().toString());
      }

      @Override
      void create(String table, Dataset<Row> rows, boolean partitioned) {
        var writer = rows.writeTo(identifier(table)).tableProperty("format-version", "2");
        try {
          if (partitioned) {
            writer.partitionedBy(col("category")).create();
          } else {
            writer.create();
          }
        } catch (org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException e) {
          throw new IllegalStateException("Table " + identifier(table) + " is left from an earlier run; delete "
              + location(table), e);
        }
      }

      @Override
      void append(String table, Dataset<Row> rows) {
        try {
          rows.writeTo(identifier(table)).append();
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
          throw new IllegalStateException("Table " + identifier(table) + " disappeared during the benchmark", e);
        }
      }

      @Override
      Dataset<Row> read(String table) {
        return SparkSession.active().table(identifier(table));
      }

      @Override
      Path location(String table) {
        return root.resolve(NAMESPACE).resolve(table);
      }

      private String identifier(String table) {
        return catalog + "." + NAMESPACE + "." + table;
      }
    };
  }

  /** Datashard through {@code format("datashard")} on folders under {@code root}. */
  static BenchSystem datashardPath(Path root) {
    return new BenchSystem("datashard") {
      @Override
      void create(String table, Dataset<Row> rows, boolean partitioned) {
        var writer = rows.write().format("datashard").option("format-version", "2").mode(SaveMode.ErrorIfExists);
        if (partitioned) {
          writer = writer.partitionBy("category");
        }
        writer.save(location(table).toString());
      }

      @Override
      void append(String table, Dataset<Row> rows) {
        rows.write().format("datashard").mode(SaveMode.Append).save(location(table).toString());
      }

      @Override
      Dataset<Row> read(String table) {
        return SparkSession.active().read().format("datashard").load(location(table).toString());
      }

      @Override
      Path location(String table) {
        return root.resolve(table);
      }
    };
  }
}
