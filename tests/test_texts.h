// Hand-built texts shared by the relate, align and end-to-end tests.
//
// The rewrite cases are built on BBC article bbc-business-058 ("Electrolux to export Europe
// jobs"), which takes part in no relation of the plain BBC corpus:
//  - kRewriteSentences: every sentence of the article reworded by hand, names and figures
//    kept, in the article's order;
//  - shuffled_rewrite(): the same reworded sentences in another order;
//  - kIndependentReport: the same story told independently: the same names and figures and
//    one identical quote, but its own angle, structure, order and wording.
// The excerpt case quotes three consecutive paragraphs of bbc-politics-013 inside a new text.
#pragma once
#include <string>
#include <vector>

#include "test_support.h"

namespace rtest {

inline const char* kRewriteSourceId = "bbc-business-058";

inline const std::vector<std::string>& rewrite_sentences() {
  static const std::vector<std::string> s = {
      "Electrolux moves factory work out of Europe",
      "Shares in Electrolux jumped 14% on Tuesday when the company announced plans to shift more of its "
      "manufacturing to countries where costs are low.",
      "The Swedish group, which is the biggest maker of home appliances in the world, said about 10 of its 27 "
      "plants in western Europe and North America would be relocated.",
      "It gave no details of which facilities would be hit, but said it intends to move the work to Asia, "
      "eastern Europe and Mexico.",
      "The firm operates two manufacturing sites in County Durham.",
      "Lawn and garden products are made at Newton Aycliffe, while cookers and ovens are produced at Spennymoor.",
      "The Newton Aycliffe factory may also be hit by a separate Electrolux announcement that its outdoor "
      "products unit will be spun off into a new company.",
      "AEG, Zanussi and Frigidaire are among the subsidiary brands owned by Electrolux.",
      "The company said its restructuring programme, which is meant to save between £190m and £265m a year "
      "from 2009, was being speeded up.",
      "Chief executive Hans Straberg said: \"We see that about half the plants in high-cost countries - that is "
      "around 10 - are at risk.\"",
      "Swedish trades union official Ulf Carlsson said: \"It looks pretty grim.\"",
      "\"What are we going to end up producing in Sweden?\" he asked.",
  };
  return s;
}

// Paragraphs of the in-order rewrite: headline, then the sentences in groups.
inline std::string rewrite_text() {
  const auto& s = rewrite_sentences();
  return s[0] + "\n\n" + s[1] + "\n\n" + s[2] + " " + s[3] + " " + s[4] + " " + s[5] + " " + s[6] + "\n\n" + s[7] +
         " " + s[8] + " " + s[9] + " " + s[10] + " " + s[11];
}

// The same sentences, headline first, the body in another order.
inline std::string shuffled_rewrite_text() {
  const auto& s = rewrite_sentences();
  return s[0] + "\n\n" + s[8] + " " + s[4] + " " + s[10] + "\n\n" + s[2] + " " + s[6] + " " + s[1] + " " + s[9] +
         "\n\n" + s[5] + " " + s[11] + " " + s[3] + " " + s[7];
}

inline const char* kIndependentReport =
    "Union fears for jobs as Electrolux shifts plants\n\n"
    "Workers in County Durham are waiting to learn whether their jobs are safe after Electrolux, the Swedish "
    "owner of the AEG, Zanussi and Frigidaire brands, unveiled a cost-cutting drive.\n\n"
    "\"It looks pretty grim,\" said Swedish trades union official Ulf Carlsson.\n\n"
    "Union leaders in Sweden fear the factories that remain at home will be left with little to do. The "
    "appliance maker employs staff at Spennymoor, where cookers and ovens are built, and at Newton Aycliffe, "
    "whose lawn and garden equipment business is to become a separate company.\n\n"
    "Chief executive Hans Straberg has declined to name the sites at risk. Analysts expect Asia, Mexico and "
    "eastern Europe to gain most from the move, which should save the group between £190m and £265m annually "
    "from 2009.\n\n"
    "Around 10 of the group's 27 factories in western Europe and North America are expected to close or move. "
    "Investors welcomed the plan, sending the stock up 14% in Stockholm on Tuesday.";

inline const char* kExcerptSourceId = "bbc-politics-013";

// Paragraphs [2, 5) of bbc-politics-013 inside a new text of our own.
inline std::string excerpt_text(const std::string& source_text) {
  auto p = paragraphs(source_text);
  return "What a television portrait tells us about the opposition leader\n\n"
         "A new documentary about the Conservative leader has been watched closely at Westminster this week, and "
         "not only by his allies. Our correspondent picked out the passages that caused most "
         "discussion.\n\n" +
         p[2] + "\n\n" + p[3] + "\n\n" + p[4] +
         "\n\nThe programme's makers say they were given unusual freedom to film. Critics argue that a single "
         "television portrait can do little to change how voters see a party, and polls published since the "
         "broadcast suggest they may be right.";
}

inline const char* kDamagedDatedSourceId = "bbc-politics-003";
inline const char* kDamagedUndatedSourceId = "bbc-politics-039";

}  // namespace rtest
