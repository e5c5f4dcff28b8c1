// hnswlib compiled for this CPU (g++ -O3 -march=native over Debian's libhnswlib-dev headers), single thread:
// the native baseline of bench/compare.sh. Usage: hnswlib_native DIR M EFC K EF1,EF2,... [REPEATS]
// Reads DIR/base.fvecs, query.fvecs, truth.ivecs and metric (l2, cosine or dot); prints one JSON line like
// bench/ann_python.py: build seconds, and per efSearch the recall@K and the best of REPEATS passes' QPS.
#include <hnswlib/hnswlib.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

static std::vector<std::vector<float>> read_fvecs(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::vector<float>> out;
  int d;
  while (in.read(reinterpret_cast<char*>(&d), 4)) {
    std::vector<float> v(d);
    in.read(reinterpret_cast<char*>(v.data()), 4L * d);
    out.push_back(std::move(v));
  }
  return out;
}

static std::vector<std::vector<int>> read_ivecs(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::vector<int>> out;
  int d;
  while (in.read(reinterpret_cast<char*>(&d), 4)) {
    std::vector<int> v(d);
    in.read(reinterpret_cast<char*>(v.data()), 4L * d);
    out.push_back(std::move(v));
  }
  return out;
}

static void normalize(std::vector<float>& v) {
  double s = 0;
  for (float x : v) s += double(x) * x;
  float inv = s > 0 ? float(1.0 / std::sqrt(s)) : 0.f;
  for (float& x : v) x *= inv;
}

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: %s DIR M EFC K EF,EF,... [REPEATS]\n", argv[0]);
    return 2;
  }
  std::string dir = argv[1];
  int m = std::atoi(argv[2]), efc = std::atoi(argv[3]), k = std::atoi(argv[4]);
  std::vector<int> efs;
  std::stringstream list(argv[5]);
  for (std::string e; std::getline(list, e, ',');) efs.push_back(std::atoi(e.c_str()));
  int repeats = argc > 6 ? std::atoi(argv[6]) : 5;
  auto base = read_fvecs(dir + "/base.fvecs");
  auto query = read_fvecs(dir + "/query.fvecs");
  auto truth = read_ivecs(dir + "/truth.ivecs");
  std::string metric;
  std::ifstream(dir + "/metric") >> metric;
  size_t dim = base[0].size();
  if (metric == "cosine") {
    for (auto& v : base) normalize(v);
    for (auto& v : query) normalize(v);
  }
  hnswlib::L2Space l2(dim);
  hnswlib::InnerProductSpace ip(dim);
  hnswlib::SpaceInterface<float>* space = metric == "l2" ? static_cast<hnswlib::SpaceInterface<float>*>(&l2) : &ip;
  hnswlib::HierarchicalNSW<float> index(space, base.size(), m, efc, 42);
  auto t0 = std::chrono::steady_clock::now();
  for (size_t i = 0; i < base.size(); i++) index.addPoint(base[i].data(), i);
  double build = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("{\"impl\": \"hnswlib native -O3 -march=native\", \"buildSeconds\": %.3f, \"rows\": [", build);
  for (size_t e = 0; e < efs.size(); e++) {
    index.setEf(efs[e]);
    double best = 0, recall = 0;
    for (int r = 0; r < repeats; r++) {
      double hit = 0;
      auto q0 = std::chrono::steady_clock::now();
      std::vector<std::vector<hnswlib::labeltype>> found(query.size());
      for (size_t q = 0; q < query.size(); q++) {
        auto res = index.searchKnn(query[q].data(), k);
        while (!res.empty()) {
          found[q].push_back(res.top().second);
          res.pop();
        }
      }
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - q0).count();
      best = std::max(best, query.size() / secs);
      for (size_t q = 0; q < query.size(); q++) {
        std::set<int> want(truth[q].begin(), truth[q].begin() + k);
        for (auto id : found[q]) hit += want.count(int(id));
      }
      recall = hit / (double(k) * query.size());
    }
    std::printf("%s{\"efSearch\": %d, \"recall\": %.4f, \"qps\": %.1f}", e ? ", " : "", efs[e], recall, best);
  }
  std::printf("], \"bytesPerVector\": %zu}\n", index.size_data_per_element_);
  return 0;
}
