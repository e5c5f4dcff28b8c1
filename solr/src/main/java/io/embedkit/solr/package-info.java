/**
 * A {@link io.embedkit.core.VectorIndex} on Apache Solr 9 (SolrCloud): {@link io.embedkit.solr.SolrVectorIndex},
 * the collection layout it needs ({@link io.embedkit.solr.SolrConfigSet}) and its Guice module.
 */
package io.embedkit.solr;
