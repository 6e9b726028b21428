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
#pragma once
#include <vector>

#include "core/relation.h"

namespace retrace {

// Returns the number of relations removed.
size_t drop_redundant_sources(std::vector<Relation>& rels);

}  // namespace retrace
