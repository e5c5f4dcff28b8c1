package io.embedkit.keyword;

import io.embedkit.core.Filter;
import java.io.IOException;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;

/**
 * Matches the documents whose item a {@link Filter} accepts, judged on the item's typed metadata as vector
 * indexes judge it. It only confirms candidates that the other clauses of a query found (a two-phase
 * iterator), so its cost follows the text matches, not the index size.
 */
final class MetadataFilterQuery extends Query {
  private final Filter filter;
  private final Map<String, Map<String, Object>> metadata;

  MetadataFilterQuery(Filter filter, Map<String, Map<String, Object>> metadata) {
    this.filter = filter;
    this.metadata = metadata;
  }

  @Override
  public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
    return new ConstantScoreWeight(this, boost) {
      @Override
      public Scorer scorer(LeafReaderContext context) throws IOException {
        SortedDocValues ids = DocValues.getSorted(context.reader(), LuceneKeywordIndex.ID);
        DocIdSetIterator all = DocIdSetIterator.all(context.reader().maxDoc());
        TwoPhaseIterator accepted = new TwoPhaseIterator(all) {
          @Override
          public boolean matches() throws IOException {
            if (!ids.advanceExact(approximation.docID())) {
              return false;
            }
            String id = ids.lookupOrd(ids.ordValue()).utf8ToString();
            Map<String, Object> meta = metadata.get(id);
            return meta != null && filter.accept(id, meta);
          }

          @Override
          public float matchCost() {
            return 100;
          }
        };
        return new ConstantScoreScorer(this, score(), scoreMode, accepted);
      }

      @Override
      public boolean isCacheable(LeafReaderContext ctx) {
        return false; // the metadata lives outside the index and changes with it
      }
    };
  }

  @Override
  public void visit(QueryVisitor visitor) {
    visitor.visitLeaf(this);
  }

  @Override
  public String toString(String field) {
    return "metadata(" + filter + ")";
  }

  @Override
  public boolean equals(Object other) {
    return sameClassAs(other) && filter.equals(((MetadataFilterQuery) other).filter)
        && metadata == ((MetadataFilterQuery) other).metadata;
  }

  @Override
  public int hashCode() {
    return classHash() * 31 + filter.hashCode();
  }
}
