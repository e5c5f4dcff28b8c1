package io.embedkit.solr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The configset of a collection {@link SolrVectorIndex} uses: {@code id}, a {@code vector} field
 * ({@code solr.DenseVectorField} with the dimension, similarity and HNSW parameters), the metadata as JSON in
 * {@code metadata_json} (with the item's text) and, for filter queries, one field per key and value type:
 * strings in {@code meta_<key>}, numbers in {@code metan_<key>} (double points), booleans in
 * {@code metab_<key>} ({@code metax_}, {@code metanx_}, {@code metabx_} and the hex of the UTF-8 key for keys
 * that are not letters, digits and '_'). The vector is stored too, so {@code vector(id)} can return it.
 */
public final class SolrConfigSet {
  private SolrConfigSet() {}

  /**
   * Returns the configset's files by name.
   *
   * @param config the dimension, metric and HNSW parameters
   * @return {@code managed-schema.xml} and {@code solrconfig.xml}
   */
  public static Map<String, String> files(SolrIndexConfig config) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("managed-schema.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- written by embedkit's SolrConfigSet: the layout SolrVectorIndex reads and writes -->
        <schema name="embedkit" version="1.6">
          <uniqueKey>id</uniqueKey>
          <fieldType name="string" class="solr.StrField" sortMissingLast="true" docValues="true"/>
          <fieldType name="stored_text" class="solr.StrField" indexed="false" stored="true" docValues="false"/>
          <fieldType name="plong" class="solr.LongPointField" docValues="true"/>
          <fieldType name="pdouble" class="solr.DoublePointField" docValues="true"/>
          <fieldType name="boolean" class="solr.BoolField" docValues="true"/>
          <fieldType name="knn_vector" class="solr.DenseVectorField" vectorDimension="%d" similarityFunction="%s"
                     knnAlgorithm="hnsw" hnswMaxConnections="%d" hnswBeamWidth="%d"/>
          <field name="id" type="string" indexed="true" stored="true" required="true"/>
          <field name="_version_" type="plong" indexed="false" stored="false"/>
          <field name="vector" type="knn_vector" indexed="true" stored="true"/>
          <field name="metadata_json" type="stored_text"/>
          <dynamicField name="meta_*" type="string" indexed="true" stored="false"/>
          <dynamicField name="metax_*" type="string" indexed="true" stored="false"/>
          <dynamicField name="metan_*" type="pdouble" indexed="true" stored="false"/>
          <dynamicField name="metanx_*" type="pdouble" indexed="true" stored="false"/>
          <dynamicField name="metab_*" type="boolean" indexed="true" stored="false"/>
          <dynamicField name="metabx_*" type="boolean" indexed="true" stored="false"/>
        </schema>
        """.formatted(config.dimension(), config.similarityFunction(), config.m(), config.efConstruction()));
    files.put("solrconfig.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <config>
          <luceneMatchVersion>9.12</luceneMatchVersion>
          <dataDir>${solr.data.dir:}</dataDir>
          <directoryFactory name="DirectoryFactory" class="${solr.directoryFactory:solr.NRTCachingDirectoryFactory}"/>
          <schemaFactory class="ManagedIndexSchemaFactory">
            <bool name="mutable">false</bool>
            <str name="managedSchemaResourceName">managed-schema.xml</str>
          </schemaFactory>
          <!-- the per-field HNSW parameters need the schema codec -->
          <codecFactory class="solr.SchemaCodecFactory"/>
          <updateHandler class="solr.DirectUpdateHandler2">
            <updateLog><str name="dir">${solr.ulog.dir:}</str></updateLog>
            <autoCommit><maxTime>15000</maxTime><openSearcher>false</openSearcher></autoCommit>
          </updateHandler>
          <requestHandler name="/select" class="solr.SearchHandler">
            <lst name="defaults"><str name="echoParams">none</str></lst>
          </requestHandler>
        </config>
        """);
    return files;
  }

  /**
   * Writes the configset into a folder, e.g. for {@code bin/solr zk upconfig -n NAME -d FOLDER}.
   *
   * @param folder the folder, created if absent
   * @param config the dimension, metric and HNSW parameters
   * @throws IOException if writing fails
   */
  public static void write(Path folder, SolrIndexConfig config) throws IOException {
    Files.createDirectories(folder);
    for (Map.Entry<String, String> f : files(config).entrySet()) {
      Files.writeString(folder.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Returns the configset as a zip, the form Solr's configset upload takes.
   *
   * @param config the dimension, metric and HNSW parameters
   * @return the zip's bytes
   */
  static byte[] zip(SolrIndexConfig config) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> f : files(config).entrySet()) {
        zip.putNextEntry(new ZipEntry(f.getKey()));
        zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // in memory: does not happen
    }
    return bytes.toByteArray();
  }
}
