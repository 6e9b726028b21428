// relate/select.h — choosing among sources.
//
// A rewrite of an article that the corpus also holds in other versions (an update, an
// excerpt, a reprint of it) matches every version. The copy has one source: the version it
// matches best. This step keeps, for each copy, its strongest rewrite relation, and drops
// the copy's other rewrite relations whose source is itself tied (by a surface relation:
// duplicate, reprint or excerpt) to that best source. A rewrite relation with an unrelated
// second source stays: a copy can combine two stories. And it drops a rewrite relation between
// two copies of one source (siblings: both derived from s, the copy matching s at least as well
// as the other copy): they resemble each other through s. A copy of a copy, which matches the
// intermediate copy better than the original, stays.
//
// Shared innovations (the rule by which textual critics tell which manuscript was copied from
// which): a rewrite c -> x, where c is itself derived from s, stands only if x carries what c
// changed. Of the words c has and s lacks (c's innovations), x must carry a larger share than of
// the words s has and c lacks (what c dropped). A copy of c never saw s, so it carries c's words
// and few of s's dropped ones; another report written from s's facts, or from the event, carries
// s's material as much as c's, and resembles c only through s. Made where dates order s, c
// and x (an undated direction is a guess); needs the documents' words.
//
// Two sources of one copy by the same rule: c found derived from x and from s, where x and s
// are two reports of one event (neither derived from the other, each sharing a large part of
// its words with the other). x -> c stands only if c carries as large a share of x's own words
// (those s lacks) as of s's own words (those x lacks): an outlet's own report of the event that
// c also rewrote resembles c through the facts both report. A copy that pastes passages of two
// unrelated sources (their words hardly overlap) keeps both.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "core/relation.h"

namespace retrace {

// The content words of a document (stems and WordNet senses, sorted, unique: DocSentences::unit_ids).
using WordsOf = std::function<std::vector<uint64_t>(DocId)>;

struct SelectOptions {
  // The shared-innovations test is made when both c's innovations and c's drops number at least
  // this many words (a near-verbatim copy has too few to tell). Default: 8.
  size_t innovation_min_words = 8;
  // Two sources of one copy are compared when each shares at least this share of its content
  // words with the other (reports of one event; two sources pasted into one text share less:
  // at most 0.29 among PAN13's, 0.46 for dev's fact-sheet reports). Default: 0.375.
  double two_sources_min_shared = 0.375;
};

// Returns the number of relations removed. Without `words`, the shared-innovations test is not
// made.
size_t drop_redundant_sources(std::vector<Relation>& rels, const WordsOf& words = {}, const SelectOptions& opt = {});

// The shared-innovations test for c -> x where s -> c: the share of c's innovations (words of c
// not in s) that x carries, and the share of c's drops (words of s not in c) that x carries.
struct Innovations {
  size_t innovations = 0, drops = 0;  // how many words c added to s, and dropped from it
  double carried_innovations = 0, carried_drops = 0;
};
Innovations shared_innovations(const std::vector<uint64_t>& s, const std::vector<uint64_t>& c,
                               const std::vector<uint64_t>& x);

}  // namespace retrace
