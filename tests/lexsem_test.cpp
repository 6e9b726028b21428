// Tests of the background lexical semantics (lexsem/lexsem.h), built from Debian's WordNet.
#include <gtest/gtest.h>

#include <algorithm>

#include "clean/lexicon.h"
#include "lexsem/lexsem.h"

namespace retrace {
namespace {

uint64_t stem_of(const char* w) { return stem_id(w); }

bool share_synset(const Semantics& sem, const char* x, const char* y) {
  const Semantics::Entry* a = sem.find(stem_of(x));
  const Semantics::Entry* b = sem.find(stem_of(y));
  if (!a || !b) return false;
  for (uint32_t s : sem.synsets(*a)) {
    auto sb = sem.synsets(*b);
    if (std::find(sb.begin(), sb.end(), s) != sb.end()) return true;
  }
  return false;
}

TEST(Lexsem, BuiltinTableHoldsTheEnglishVocabulary) {
  const Semantics& sem = Semantics::builtin();
  EXPECT_GT(sem.size(), 50000u);
  EXPECT_NE(sem.find(stem_of("victory")), nullptr);
  EXPECT_EQ(sem.find(stem_of("tannadice")), nullptr);  // a name: not in WordNet
}

TEST(Lexsem, SynonymsShareASynset) {
  const Semantics& sem = Semantics::builtin();
  EXPECT_TRUE(share_synset(sem, "boss", "gaffer"));
  EXPECT_TRUE(share_synset(sem, "victory", "win"));
  EXPECT_TRUE(share_synset(sem, "purchase", "buy"));
  EXPECT_TRUE(share_synset(sem, "earnings", "profit"));
  EXPECT_FALSE(share_synset(sem, "victory", "prison"));
}

TEST(Lexsem, IrregularFormsReachTheirLemma) {
  const Semantics& sem = Semantics::builtin();
  EXPECT_TRUE(share_synset(sem, "said", "say"));
  EXPECT_TRUE(share_synset(sem, "went", "go"));
}

TEST(Lexsem, RarityFollowsBackgroundFrequency) {
  const Semantics& sem = Semantics::builtin();
  float say = sem.rarity(stem_of("say")), courage = sem.rarity(stem_of("courageous"));
  float name = sem.rarity(stem_of("tannadice"));
  EXPECT_LT(say, courage);
  EXPECT_LT(courage, name);
  EXPECT_FLOAT_EQ(name, 1.0f);
  EXPECT_GT(say, 0.0f);
}

TEST(Lexsem, ParsesATableOfItsOwnFormat) {
  Semantics sem("cat\t10\t4 8\nfeline\t0\t4\ndog\t5\t12\n");
  EXPECT_EQ(sem.size(), 3u);
  EXPECT_TRUE(share_synset(sem, "cat", "feline"));
  EXPECT_FALSE(share_synset(sem, "cat", "dog"));
  EXPECT_LT(sem.rarity(stem_of("cat")), sem.rarity(stem_of("dog")));
}

}  // namespace
}  // namespace retrace
