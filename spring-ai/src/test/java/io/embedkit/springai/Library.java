package io.embedkit.springai;

import java.util.List;
import java.util.Map;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.stereotype.Service;

@Service
class Library {
  private final VectorStore vectorStore; // embedkit's, from application.properties alone

  Library(VectorStore vectorStore) {
    this.vectorStore = vectorStore;
  }

  List<Document> recentHealthNews(String question) {
    vectorStore.add(List.of(
        new Document("Artificial intelligence is revolutionizing healthcare.", Map.of("topic", "health", "year", 2024)),
        new Document("Doctors wrote on clay tablets.", Map.of("topic", "health", "year", -1800)),
        new Document("The central bank cut interest rates.", Map.of("topic", "finance", "year", 2024))));
    return vectorStore.similaritySearch(SearchRequest.builder().query(question).topK(3)
        .filterExpression("year >= 2020 && topic == 'health'").build());
  }
}
