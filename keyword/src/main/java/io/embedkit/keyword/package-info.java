/**
 * Keyword search beside the vectors: {@link io.embedkit.keyword.LuceneKeywordIndex}, BM25 over items' text with
 * Lucene, with the same ids and metadata filters as the vector indexes, for keyword and hybrid search in
 * {@link io.embedkit.core.EmbeddingStore}.
 */
package io.embedkit.keyword;
