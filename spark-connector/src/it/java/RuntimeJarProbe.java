import com.sun.net.httpserver.HttpServer;
import io.datashard.io.FileIO;
import io.datashard.io.FileIOs;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Run by SparkRuntimeJarIT as a single source file ({@code java ... RuntimeJarProbe.java <dir>}) in
 * a JVM whose classpath is stock Spark plus the Datashard runtime jar and nothing else, so it is
 * compiled and run against exactly what a user of {@code spark-submit --jars} has. Not compiled by
 * Maven. Prints {@value #OK} on success; any failure throws and exits non-zero.
 */
public final class RuntimeJarProbe {
  static final String OK = "DATASHARD RUNTIME JAR OK";

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    storage();
    spark(dir);
    System.out.println(OK);
  }

  /** FileIO discovery through the relocated service files, and one S3 call through the SDK. */
  static void storage() throws Exception {
    Set<String> schemes = FileIOs.availableSchemes();
    check(schemes.containsAll(List.of("file", "memory", "s3", "s3a")), "FileIO schemes " + schemes);

    // a fake S3 endpoint: HEAD on one key answers 200, everything else 404. A successful exists()
    // call goes through the AWS SDK, its (relocated) Apache HTTP client and Datashard's S3 FileIO.
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      boolean present = exchange.getRequestURI().getPath().endsWith("/present.txt");
      exchange.getResponseHeaders().add("ETag", "\"900150983cd24fb0d6963f7d28e17f72\"");
      exchange.getResponseHeaders().add("Last-Modified", "Fri, 20 Nov 2026 10:00:00 GMT");
      exchange.getResponseHeaders().add("x-amz-request-id", "probe");
      exchange.sendResponseHeaders(present ? 200 : 404, -1);
      exchange.close();
    });
    server.start();
    try {
      Map<String, String> properties = Map.of(
          "s3.endpoint", "http://127.0.0.1:" + server.getAddress().getPort(),
          "s3.region", "us-east-1",
          "s3.path-style-access", "true",
          "s3.access-key-id", "probe",
          "s3.secret-access-key", "probe-secret",
          "s3.retry.max-attempts", "1");
      try (FileIO io = FileIOs.forLocation("s3://probe-bucket/x", properties)) {
        check(io.newInputFile("s3://probe-bucket/data/present.txt").exists(), "S3 exists() of a present key");
        check(!io.newInputFile("s3://probe-bucket/data/absent.txt").exists(), "S3 exists() of an absent key");
      }
    } finally {
      server.stop(0);
    }
  }

  static void spark(Path dir) {
    SparkSession spark = SparkSession.builder()
        .master("local[2]")
        .appName("datashard-runtime-jar-probe")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.catalog.ds", "io.datashard.spark.SparkCatalog")
        .config("spark.sql.catalog.ds.warehouse", dir.resolve("warehouse").toString())
        .getOrCreate();
    try {
      Dataset<Row> expected = spark.range(0, 200).selectExpr(
          "id", "CAST(id % 7 AS INT) AS part", "concat('row-', CAST(id AS STRING)) AS name", "id / 3.0D AS amount");

      // path table through the DataSource short name, created by the first write
      String location = dir.resolve("path-table").toString();
      expected.write().format("datashard").partitionBy("part").save(location);
      Dataset<Row> actual = spark.read().format("datashard").load(location).select("id", "part", "name", "amount");
      sameRows("format(\"datashard\") path table", expected, actual);
      sameRows("format(\"datashard\") with a filter", expected.where("part = 3 AND id > 50"),
          actual.where("part = 3 AND id > 50"));
      expected.write().format("datashard").mode("append").save(location);
      long count = spark.read().format("datashard").load(location).count();
      check(count == 400, "rows after an append: " + count);

      // catalog table through SQL
      spark.sql("CREATE NAMESPACE IF NOT EXISTS ds.db");
      spark.sql("CREATE TABLE ds.db.events (id BIGINT, part INT, name STRING, amount DOUBLE) USING datashard "
          + "PARTITIONED BY (bucket(4, id))");
      expected.createOrReplaceTempView("source");
      spark.sql("INSERT INTO ds.db.events SELECT * FROM source");
      sameRows("catalog table ds.db.events", expected, spark.table("ds.db.events"));
      sameRows("catalog table with a filter", expected.where("name = 'row-42'"),
          spark.sql("SELECT * FROM ds.db.events WHERE name = 'row-42'"));
    } finally {
      spark.stop();
    }
  }

  static void sameRows(String what, Dataset<Row> expected, Dataset<Row> actual) {
    long expectedCount = expected.count();
    long actualCount = actual.count();
    long missing = expected.exceptAll(actual).count();
    long extra = actual.exceptAll(expected).count();
    check(expectedCount == actualCount && missing == 0 && extra == 0, what + ": expected " + expectedCount
        + " rows, read " + actualCount + " (" + missing + " missing, " + extra + " unexpected)");
    System.out.println("ok: " + what + " (" + actualCount + " rows)");
  }

  static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError("Runtime jar probe failed: " + what);
    }
    System.out.println("ok: " + what);
  }
}
