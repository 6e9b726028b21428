// index/model.h — the corpus model: the statistics the clean and fingerprint stages read
// (Lexicon: word counts and stem document frequencies; Boilerplate: outlets' standing lines),
// trained once on a corpus and then frozen, saved and loaded.
//
// An index keeps the model it was created with: every document added later is cleaned and
// fingerprinted with the same statistics, so an old document's fingerprint never changes and
// a document gets the same fingerprint whenever it is added. `retrace detect --model FILE`
// uses a saved model instead of the statistics of its own inputs.
//
// File format (all little-endian): "RTMODEL\n", u32 format version (1), u32 0, u64 documents
// trained on, u64 length of the compressed body, u64 XXH3-64 of the compressed body, then the
// body compressed with zstd: u64 length + lexicon bytes, u64 length + boilerplate bytes,
// u64 length + provenance text. Written to a temporary file, synced and renamed into place.
// Cost: about 30 bytes per distinct word before compression.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "clean/furniture.h"
#include "clean/lexicon.h"
#include "core/document.h"

namespace retrace {

struct CorpusModel {
  Lexicon lex;
  Boilerplate bp;
  uint64_t documents = 0;   // distinct texts trained on
  std::string provenance;   // what it was trained on, when (free text)
};

// For each document, the first document with the same text byte for byte (itself if none).
std::vector<DocId> same_text_firsts(const Corpus& corpus, int threads);

// Trains a model on a corpus (a text repeated byte for byte counts once: `firsts`, from
// same_text_firsts, if the caller has it), on `threads` workers; on_doc (if given) is called
// from any worker after each document.
std::unique_ptr<CorpusModel> train_model(const Corpus& corpus, int threads, const std::function<void()>& on_doc = {},
                                         const std::vector<DocId>* firsts = nullptr);

// Saves atomically (OutputError naming the file on failure).
void save_model(const CorpusModel& model, const std::string& path);

// Loads a saved model. Throws InputError naming the file if it is missing, truncated, damaged
// (checksum) or of another format version.
std::unique_ptr<CorpusModel> load_model(const std::string& path);

}  // namespace retrace
