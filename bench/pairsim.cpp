// bench/pairsim.cpp — the sentence evidence of labelled sentence pairs, for fitting the sentence
// similarity (eval/fit_model.py): reads the MSR paraphrase corpus format (Quality TAB id TAB id
// TAB sentence TAB sentence, one header line) and prints, per pair, the label and the evidence
// retrace compares sentences on. Corpus statistics are not used (the evidence is background-only).
// Usage: retrace_pairsim FILE > features.tsv
#include <fstream>
#include <iostream>
#include <sstream>

#include "align/sentences.h"
#include "clean/clean.h"
#include "clean/lexicon.h"

using namespace retrace;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: retrace_pairsim MSRP_FILE\n";
    return 64;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << argv[1] << ": cannot open\n";
    return 2;
  }
  std::string line;
  std::getline(in, line);  // header
  Lexicon lex;             // empty: no corpus statistics
  std::cout << "label\tcos\tgeneral\tdice\tnovel_general\tnovel_specific\n";
  size_t lineno = 1;
  while (std::getline(in, line)) {
    ++lineno;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string x;
    while (std::getline(ss, x, '\t')) f.push_back(x);
    if (f.size() < 5) {
      std::cerr << argv[1] << ":" << lineno << ": not 5 fields, skipped\n";
      continue;
    }
    Document a, b;
    a.text = f[3];
    b.text = f[4];
    CleanDoc ca = clean_document(a, {}), cb = clean_document(b, {});
    DocSentences sa = sentence_vectors(a, ca, lex), sb = with_synonyms_of(sa, sentence_vectors(b, cb, lex));
    if (sa.s.empty() || sb.s.empty()) continue;
    // Whole sentences as given (one or two sentences each): their merged evidence.
    float cos = 0, gen = 0, dice = 0;
    for (auto& u : sa.s)
      for (auto& v : sb.s) {
        cos = std::max(cos, cosine(u, v));
        gen = std::max(gen, general_cosine(u, v));
        dice = std::max(dice, char_dice(u.grams, v.grams));
      }
    WordOverlap w = word_overlap(sa, sb, 0, static_cast<uint32_t>(sb.s.size()));
    std::cout << f[0] << '\t' << cos << '\t' << gen << '\t' << dice << '\t' << w.novel_general << '\t'
              << w.novel_specific << '\n';
  }
}
