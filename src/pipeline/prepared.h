// pipeline/prepared.h — documents prepared for alignment (cleaned; sentence vectors and surface
// seeds built on first use), kept in a small per-worker cache: each document takes part in
// several candidate pairs, which are processed in order of their first document. The cache
// holds at most 512 documents and 8 MiB of their texts, so memory does not grow with the corpus.
#pragma once
#include <exception>
#include <list>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "align/sentences.h"
#include "align/surface.h"
#include "clean/clean.h"
#include "clean/lexicon.h"
#include "core/document.h"
#include "relate/relate.h"

namespace retrace {

// A document prepared for alignment, kept in a small per-worker cache (each document takes
// part in several candidate pairs, which are processed in order of their first document).
struct Prepared {
  const Document* doc = nullptr;  // the corpus's own, or `loaded`
  Document loaded;                // the document read back, if the corpus keeps its texts on disk
  CleanDoc clean;
  std::optional<DocSentences> sentences;  // built on first use
  std::optional<SurfaceSeeds> seeds;      // built on first use
};

class PreparedCache {
 public:
  PreparedCache(const Corpus& c, const CleanContext& ctx, const Lexicon& lex) : corpus_(c), ctx_(ctx), lex_(lex) {}
  std::shared_ptr<Prepared> get(DocId d) {
    auto it = map_.find(d);
    if (it != map_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.second);
      return it->second.first;
    }
    auto p = std::make_shared<Prepared>();
    p->doc = &corpus_.full(d, &p->loaded);
    p->clean = clean_document(*p->doc, ctx_);
    lru_.push_front(d);
    map_[d] = {p, lru_.begin()};
    text_bytes_ += p->doc->text.size();
    // At most kSize documents, and at most kTextBytes of their texts (what a cached document
    // holds grows with its text: a few huge texts must not fill memory). The pair being
    // aligned keeps its documents through the shared pointers it holds.
    while (map_.size() > 1 && (map_.size() > kSize || text_bytes_ > kTextBytes)) {
      auto last = map_.find(lru_.back());
      text_bytes_ -= last->second.first->doc->text.size();
      map_.erase(last);
      lru_.pop_back();
    }
    return p;
  }
  DocView view(DocId d, const std::shared_ptr<Prepared>& p, const Fingerprint* fp) {
    Prepared* raw = p.get();
    const Document* doc = p->doc;
    const Lexicon* lex = &lex_;
    return DocView{d, doc, &raw->clean,
                   [raw, doc, lex]() -> const DocSentences& {
                     if (!raw->sentences) raw->sentences = sentence_vectors(*doc, raw->clean, *lex);
                     return *raw->sentences;
                   },
                   fp,
                   [raw]() -> const SurfaceSeeds& {
                     if (!raw->seeds) raw->seeds = surface_seeds(raw->clean);
                     return *raw->seeds;
                   }};
  }

 private:
  static constexpr size_t kSize = 512;
  static constexpr size_t kTextBytes = 8u << 20;  // 8 MiB of text: about 150 MB of cleaned documents
  size_t text_bytes_ = 0;
  const Corpus& corpus_;
  const CleanContext& ctx_;
  const Lexicon& lex_;
  std::list<DocId> lru_;
  std::unordered_map<DocId, std::pair<std::shared_ptr<Prepared>, std::list<DocId>::iterator>> map_;
};

// The content words of a document (DocSentences::unit_ids), which the choice among sources reads
// (relate/select.h). Empty when the document cannot be prepared: a document that fails here has
// failed, and been reported, in the alignment already; with no words the test is not made.
inline std::vector<uint64_t> content_words(PreparedCache& cache, DocId d) {
  try {
    auto p = cache.get(d);
    return cache.view(d, p, nullptr).sentences().unit_ids;
  } catch (const std::exception&) {
    return {};
  }
}
inline std::vector<uint64_t> content_words(const Document& doc, const CleanContext& ctx, const Lexicon& lex) {
  try {
    return sentence_vectors(doc, clean_document(doc, ctx), lex).unit_ids;
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace retrace
