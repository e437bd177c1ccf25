package io.datashard.flink.catalog;

import io.datashard.flink.table.DatashardOptions;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.factories.CatalogFactory;

/**
 * {@code CREATE CATALOG c WITH ('type' = 'datashard', 'warehouse' = '<uri>', 'catalog-type' = 'path')}.
 * {@code s3.*}, {@code io.*} and {@code client.*} options configure the warehouse storage.
 */
public final class DatashardCatalogFactory implements CatalogFactory {
  public static final String IDENTIFIER = "datashard";

  public static final ConfigOption<String> WAREHOUSE = ConfigOptions.key("warehouse").stringType().noDefaultValue()
      .withDescription("Root folder of the catalog: databases are its folders, tables their path tables.");
  public static final ConfigOption<String> CATALOG_TYPE = ConfigOptions.key("catalog-type").stringType()
      .defaultValue("path").withDescription("How tables are tracked; only 'path' (tables found by location).");
  public static final ConfigOption<String> DEFAULT_DATABASE = ConfigOptions.key("default-database").stringType()
      .defaultValue("default").withDescription("The database used when a statement names none.");

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(WAREHOUSE);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(CATALOG_TYPE, DEFAULT_DATABASE);
  }

  @Override
  public Catalog createCatalog(Context context) {
    Map<String, String> options = context.getOptions();
    String warehouse = options.get(WAREHOUSE.key());
    if (warehouse == null || warehouse.isBlank()) {
      throw new ValidationException("Catalog " + context.getName() + " needs the option 'warehouse' = '<root folder>'");
    }
    String type = options.getOrDefault(CATALOG_TYPE.key(), CATALOG_TYPE.defaultValue()).trim().toLowerCase(Locale.ROOT);
    if (!type.equals("path")) {
      throw new ValidationException("Unsupported 'catalog-type' = '" + type + "' for catalog " + context.getName()
          + ": the Datashard Flink catalog supports 'path' (tables stored as folders of the warehouse)");
    }
    String defaultDatabase = options.getOrDefault(DEFAULT_DATABASE.key(), DEFAULT_DATABASE.defaultValue());
    return new DatashardCatalog(context.getName(), defaultDatabase, warehouse,
        DatashardOptions.fileIoProperties(options));
  }
}
