// index/index.h — a persistent index of articles: created with a frozen corpus model, added to
// batch by batch, queried one-vs-all, without recomputing what it already holds.
//
// On disk, a folder:
//   index.db         SQLite (WAL): the manifest (segments), the documents (each record
//                    zstd-compressed, keyed by the user's id), the stored relations (as the
//                    JSON objects of docs/format.md), and metadata
//   model.bin        the corpus model the index was created with (index/model.h), never changed
//   seg-NNNNNN.post  immutable postings segments (index/segment.h) with block indexes
//   LOCK             held by the one writer (flock); any number of readers
// A batch is added crash-safe: its segment file is written, synced and renamed into place
// first, then one SQLite transaction adds its documents, relations and manifest row. Killed at
// any point, the index holds the state before or after the batch; a segment file that the
// manifest does not list is removed when the index is next opened for writing.
//
// Adding a batch relates each new document to the indexed ones (candidates from the postings,
// with the bars and caps of the batch candidate stage, candidates/candidates.h) and to the
// others of the batch, and stores the new relations; relations already stored stay as they
// are. Exact duplicates are grouped as in `retrace detect`: a document with the words of an
// indexed one gets one `duplicate` relation to its group's source and no postings.
// Queries add nothing. Cost per query document: one lookup per fingerprint key per segment
// (binary search in the block index, one block read), then the alignment of its candidates, whose texts are
// read from the document store.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "candidates/candidates.h"
#include "core/document.h"
#include "index/model.h"
#include "relate/relate.h"

namespace retrace {

// A folder that is not an index, an index of another format version, one that another process
// is writing, an I/O or database error: the message names the folder or file.
struct IndexError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct IndexOptions {
  int threads = 0;  // 0: all cores
  CandidateOptions candidates;
  RelateOptions relate;
  AuditOptions audit;
};

struct IndexStats {
  uint64_t documents = 0;   // held (removed ones not counted)
  uint64_t duplicates = 0;  // of them, members of a group of exact duplicates (no postings)
  uint64_t relations = 0;
  std::map<std::string, uint64_t> relations_by_kind;
  uint64_t segments = 0;
  uint64_t postings = 0;
  uint64_t disk_bytes = 0;  // all files of the folder
  uint64_t model_documents = 0;
  std::string model_provenance;
};

// Which stored relations Index::find_relations returns (empty strings and 0: any).
struct RelationQuery {
  std::string outlet;     // the source's or the copy's outlet
  std::string kind;       // "reprint", "rewrite", ...
  std::string change;     // a change kind the relation has ("changed_number", ...)
  std::string date_from;  // the copy's date (else the source's), ISO 8601, inclusive, by day
  std::string date_to;
  double min_score = 0;
  int64_t after = 0;      // a sequence number: relations stored after it
  size_t limit = 100;
};

struct BatchResult {
  std::vector<std::string> relations;  // one JSON object each (docs/format.md)
  uint64_t documents = 0;              // added (add) or queried (query)
  uint64_t known_ids = 0;              // add: documents left out because the index holds their id
  uint64_t candidate_pairs = 0;        // pairs aligned
  uint64_t failures = 0;               // documents or pairs left out after an internal error
  std::vector<std::string> failure_messages;  // the first 20
};

class Index {
 public:
  // Creates an index in `dir` (created if missing; it must not hold an index already).
  static std::unique_ptr<Index> create(const std::string& dir, std::shared_ptr<const CorpusModel> model,
                                       IndexOptions opt = {});
  // Opens an index; `write`: as its one writer (IndexError if another process writes it).
  static std::unique_ptr<Index> open(const std::string& dir, bool write, IndexOptions opt = {});
  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  // Adds documents (their ids new to the index; others are counted in known_ids and left out)
  // and returns their new relations, to indexed documents and to each other.
  BatchResult add(Corpus batch);
  // The relations of each document to the indexed ones (which it derives from or was derived
  // into), with passages and changes; adds nothing.
  BatchResult query(Corpus docs);
  IndexStats stats() const;
  // Every stored relation, one JSON object per line, in the order they were stored.
  void export_relations(std::ostream& out) const;
  // Removes documents and their relations by id; returns how many; ids not held go to
  // *missing. A removed group source's duplicates are removed with it.
  uint64_t remove(const std::vector<std::string>& ids, std::vector<std::string>* missing);
  // Merges all segments into one, without the postings of removed documents.
  void compact();
  const CorpusModel& model() const;

  // Lookups for readers such as `retrace serve` (src/serve/); none of them changes the index.
  // A held document by id; false if the index holds none.
  bool document(const std::string& id, Document* out) const;
  // The stored relations with document `id` as source or copy, in the order they were stored.
  std::vector<std::string> relations_of(const std::string& id) const;
  // The stored relations matching `q`, as (sequence number, JSON object), in stored order.
  std::vector<std::pair<int64_t, std::string>> find_relations(const RelationQuery& q) const;
  // Held documents numbered `from` on, at most `limit`, as (document number, document).
  std::vector<std::pair<uint64_t, Document>> documents_from(uint64_t from, size_t limit) const;
  // A reader re-reads the segment manifest and the document table (to see the batches another
  // writer committed since it opened); the model stays.
  void refresh();

 private:
  struct Impl;
  explicit Index(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace retrace
