#include "index/model.h"

#include <xxhash.h>
#include <zstd.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/bytes.h"
#include "core/parallel.h"
#include "read/reader.h"
#include "write/output_file.h"

namespace retrace {
namespace {

constexpr char kMagic[8] = {'R', 'T', 'M', 'O', 'D', 'E', 'L', '\n'};
constexpr uint32_t kVersion = 1;

}  // namespace

std::vector<DocId> same_text_firsts(const Corpus& corpus, int threads) {
  const size_t n = corpus.docs.size();
  std::vector<uint64_t> hashes(n);
  parallel_for(n, std::max(1, threads), [&](size_t i, int) {
    hashes[i] = corpus.store ? corpus.store->text_hash(static_cast<DocId>(i))
                             : XXH3_64bits(corpus.docs[i].text.data(), corpus.docs[i].text.size());
  });
  std::vector<DocId> first(n);
  std::unordered_map<uint64_t, DocId> seen;
  Document ba, bb;
  for (DocId i = 0; i < n; ++i) {
    auto [it, fresh] = seen.emplace(hashes[i], i);
    // Equal hashes of different texts (a 2^-64 chance) are told apart by the texts themselves.
    first[i] = !fresh && corpus.full(it->second, &ba).text == corpus.full(i, &bb).text ? it->second : i;
  }
  return first;
}

std::unique_ptr<CorpusModel> train_model(const Corpus& corpus, int threads, const std::function<void()>& on_doc,
                                         const std::vector<DocId>* firsts) {
  auto m = std::make_unique<CorpusModel>();
  threads = std::max(1, threads);
  std::vector<LexiconBuilder> builders(threads);
  std::vector<DocId> own;
  if (!firsts) firsts = &(own = same_text_firsts(corpus, threads));
  std::vector<Document> bufs(threads);
  parallel_for(corpus.docs.size(), threads, [&](size_t i, int w) {
    if ((*firsts)[i] == i) {  // a text repeated byte for byte counts once
      const Document& d = corpus.full(static_cast<DocId>(i), &bufs[w]);
      builders[w].add_document(d);
      m->bp.add(d);
    }
    if (on_doc) on_doc();
  });
  for (auto& b : builders) b.merge_into(m->lex);
  m->bp.finish();
  m->documents = m->lex.docs();
  return m;
}

void save_model(const CorpusModel& model, const std::string& path) {
  std::string body, lex, bp;
  model.lex.save(&lex);
  model.bp.save(&bp);
  put_bytes(&body, lex);
  put_bytes(&body, bp);
  put_bytes(&body, model.provenance);
  std::string z(ZSTD_compressBound(body.size()), '\0');
  size_t zn = ZSTD_compress(z.data(), z.size(), body.data(), body.size(), 3);
  if (ZSTD_isError(zn)) throw OutputError(path + ": cannot compress the model: " + ZSTD_getErrorName(zn));
  z.resize(zn);
  std::string head(kMagic, sizeof kMagic);
  put_value(&head, kVersion);
  put_value<uint32_t>(&head, 0);
  put_value<uint64_t>(&head, model.documents);
  put_value<uint64_t>(&head, z.size());
  put_value<uint64_t>(&head, XXH3_64bits(z.data(), z.size()));
  OutputFile out(path);
  out.write(head);
  out.write(z);
  out.commit();
}

std::unique_ptr<CorpusModel> load_model(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw InputError(path + ": cannot open the model");
  std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::string_view in(all);
  auto bad = [&](const std::string& why) { return InputError(path + ": not a usable retrace model: " + why); };
  if (in.size() < sizeof kMagic || std::memcmp(in.data(), kMagic, sizeof kMagic) != 0) throw bad("no model header");
  in.remove_prefix(sizeof kMagic);
  uint32_t version = 0, zero = 0;
  uint64_t docs = 0, zsize = 0, sum = 0;
  if (!get_value(&in, &version) || !get_value(&in, &zero) || !get_value(&in, &docs) || !get_value(&in, &zsize) || !get_value(&in, &sum))
    throw bad("truncated header");
  if (version != kVersion)
    throw bad("format version " + std::to_string(version) + ", this retrace reads version " + std::to_string(kVersion));
  if (in.size() != zsize) throw bad("truncated (" + std::to_string(in.size()) + " of " + std::to_string(zsize) + " bytes)");
  if (XXH3_64bits(in.data(), in.size()) != sum) throw bad("checksum mismatch (damaged file)");
  unsigned long long n = ZSTD_getFrameContentSize(in.data(), in.size());
  if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN) throw bad("damaged body");
  std::string body(n, '\0');
  size_t got = ZSTD_decompress(body.data(), body.size(), in.data(), in.size());
  if (ZSTD_isError(got) || got != n) throw bad("damaged body");
  std::string_view b(body), lex, bp, prov;
  if (!get_bytes(&b, &lex) || !get_bytes(&b, &bp) || !get_bytes(&b, &prov)) throw bad("damaged body");
  auto m = std::make_unique<CorpusModel>();
  if (!m->lex.load(lex)) throw bad("damaged lexicon");
  if (!m->bp.load(bp)) throw bad("damaged boilerplate");
  m->provenance = std::string(prov);
  m->documents = docs;
  return m;
}

}  // namespace retrace
