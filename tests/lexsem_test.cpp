// Tests of the background lexical semantics (lexsem/lexsem.h), built from Debian's WordNet.
#include <gtest/gtest.h>

#include <algorithm>

#include "lexsem/lexsem.h"

namespace retrace {
namespace {

bool share_synset(const Semantics& sem, const char* x, const char* y) {
  const Semantics::Entry* a = sem.find(x);
  const Semantics::Entry* b = sem.find(y);
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
  EXPECT_NE(sem.find("victory"), nullptr);
  EXPECT_EQ(sem.find("tannadice"), nullptr);  // a name: not in WordNet
}

TEST(Lexsem, SynonymsShareASynset) {
  const Semantics& sem = Semantics::builtin();
  EXPECT_TRUE(share_synset(sem, "boss", "gaffer"));
  EXPECT_TRUE(share_synset(sem, "purchase", "buy"));
  EXPECT_TRUE(share_synset(sem, "earnings", "profit"));
  EXPECT_FALSE(share_synset(sem, "victory", "prison"));
}

TEST(Lexsem, InflectedFormsReachTheirLemma) {
  const Semantics& sem = Semantics::builtin();
  EXPECT_TRUE(share_synset(sem, "said", "say"));  // irregular, from WordNet's exception lists
  EXPECT_TRUE(share_synset(sem, "went", "go"));
  for (const char* w : {"joined", "troops", "cities", "stopped", "running", "closing"})
    EXPECT_TRUE(sem.known_word(w)) << w;
  EXPECT_FALSE(sem.known_word("havejoined"));
}

TEST(Lexsem, RarityFollowsBackgroundFrequency) {
  const Semantics& sem = Semantics::builtin();
  float say = sem.rarity(sem.find("say")), courage = sem.rarity(sem.find("courageous"));
  float name = sem.rarity(sem.find("tannadice"));
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
  EXPECT_LT(sem.rarity(sem.find("cat")), sem.rarity(sem.find("dog")));
}

}  // namespace
}  // namespace retrace
